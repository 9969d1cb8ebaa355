package io.linnet.engine.api.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * A container's file system from outside: docker cp (archive), export and diff. Paths are paths
 * inside the container; they never reach anything outside its root.
 */
public interface ContainerFiles {

    /** HEAD /containers/{id}/archive: what the path names, symlinks in it followed as docker cp does. */
    PathStat stat(String idOrName, String path);

    /**
     * GET /containers/{id}/archive: the path's stat and its tar, read while the caller streams it.
     * The caller must close the archive (it may hold a mount of a stopped container's file system).
     */
    Archive archive(String idOrName, String path);

    /** PUT /containers/{id}/archive: unpacks the tar stream into the directory {@code path}. */
    void extract(String idOrName, String path, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid);

    /** GET /containers/{id}/export: the container's root file system as a tar (stat is null). */
    Archive export(String idOrName);

    /** GET /containers/{id}/changes: the container's changes against its image, sorted by path. */
    List<Change> changes(String idOrName);

    /**
     * Docker's container path stat (header X-Docker-Container-Path-Stat).
     *
     * @param mode       Go's os.FileMode bits, as dockerd encodes them
     * @param linkTarget for a symlink, its target resolved inside the container, else ""
     */
    record PathStat(String name, long size, long mode, Instant mtime, String linkTarget) {
    }

    /** Kind: 0 modified, 1 added, 2 deleted (Docker's ChangeType). */
    record Change(String path, int kind) {
        public static final int MODIFIED = 0;
        public static final int ADDED = 1;
        public static final int DELETED = 2;
    }

    /** A tar to stream once. */
    interface Archive extends AutoCloseable {
        PathStat stat();

        void writeTo(OutputStream out) throws IOException;

        @Override
        void close();
    }
}
