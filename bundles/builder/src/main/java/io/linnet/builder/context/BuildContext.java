package io.linnet.builder.context;

import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.build.BuildFailedException;
import io.linnet.files.ConfinedDir;
import io.linnet.files.ConfinedRoot;
import io.linnet.files.FileStat;
import io.linnet.files.Names;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A build context (or an image's file system for COPY --from, or an ADDed archive): a tar stream
 * unpacked into a directory of the daemon's, then read only through a confined root. Every name
 * and link in it, the Dockerfile's and .dockerignore's included, is taken inside that directory
 * by the kernel, as dockerd takes it inside the context.
 */
public final class BuildContext implements AutoCloseable {
    /** A Dockerfile or .dockerignore larger than this is refused rather than read whole. */
    public static final int MAX_CONTROL_FILE = 16 << 20;

    private final ConfinedRoot root;
    private final Path dir;

    private BuildContext(ConfinedRoot root, Path dir) {
        this.root = root;
        this.dir = dir;
    }

    public ConfinedRoot root() {
        return root;
    }

    /** Extracts a plain, gzip, bzip2 or xz tar stream into {@code dir} (empty, owned by the caller). */
    public static BuildContext extract(InputStream body, Path dir) throws IOException {
        BuildContext context = new BuildContext(ConfinedRoot.open(dir), dir);
        try {
            InputStream in = new BufferedInputStream(body, 64 * 1024);
            in.mark(16);
            try {
                String kind = CompressorStreamFactory.detect(in);
                in = new CompressorStreamFactory().createCompressorInputStream(kind, in);
            } catch (CompressorException notCompressed) {
                in.reset();
            }
            TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
            try {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    context.write(tar, e);
                }
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().contains("rror detected parsing the header")) {
                    throw new InvalidParameterException("the build context is not a tar archive");
                }
                throw e;
            }
            return context;
        } catch (IOException | RuntimeException e) {
            context.root.close();
            throw e;
        }
    }

    /** A small file of the context (the Dockerfile, .dockerignore) whole; links are followed inside the context. */
    public byte[] read(String name) throws IOException {
        return root.readAll(Names.clean(name), MAX_CONTROL_FILE);
    }

    /** The context name of an entry: clean and relative, "../" climbing no higher than the root (as dockerd's archive code). */
    private static String relative(String name) {
        return Names.clean(name).substring(1);
    }

    private void write(TarArchiveInputStream tar, TarArchiveEntry e) throws IOException {
        String rel = relative(e.getName());
        if (rel.isEmpty() && !e.isDirectory()) {
            throw new InvalidParameterException("invalid path in build context: " + e.getName());
        }
        if (rel.isEmpty() || !(e.isDirectory() || e.isSymbolicLink() || e.isLink() || e.isFile())) {
            return; // the root itself; devices and fifos have no place in a context
        }
        String path = "/" + rel;
        try (ConfinedDir parent = root.mkdirs(Names.parent(path), 0755, null)) {
            String name = Names.base(path);
            FileStat existing = parent.lstatOrNull(name);
            if (existing != null && !(existing.isDirectory() && e.isDirectory())) {
                parent.deleteTree(name);
            }
            if (e.isDirectory()) {
                if (existing == null || !existing.isDirectory()) {
                    parent.mkdir(name, 0700);
                }
            } else if (e.isSymbolicLink()) {
                parent.symlink(name, e.getLinkName());
                return;
            } else if (e.isLink()) {
                String source = relative(e.getLinkName());
                if (source.isEmpty()) {
                    throw new InvalidParameterException("invalid hard link in build context: " + e.getName());
                }
                try (ConfinedRoot.Entry from = root.entry("/" + source)) {
                    FileStat st = from.parent().lstatOrNull(from.name());
                    if (st == null || !st.isRegular()) {
                        throw new InvalidParameterException("invalid hard link in build context: " + e.getName());
                    }
                    parent.link(name, from.parent(), from.name());
                } catch (NoSuchFileException | java.nio.file.NotDirectoryException missing) {
                    throw new InvalidParameterException("invalid hard link in build context: " + e.getName());
                }
                return; // a hard link shares its source's metadata
            } else {
                try (OutputStream out = parent.create(name, 0600)) {
                    copy(tar, out, path);
                }
            }
            parent.chmod(name, e.getMode() & 07777);
            parent.setTimes(name, e.getLastModifiedTime().to(TimeUnit.NANOSECONDS));
        } catch (FileSystemException fs) {
            String reason = fs.getReason() == null ? fs.getMessage() : fs.getReason();
            if (outOfSpace(reason)) {
                throw writeFailed(path, reason);
            }
            throw new InvalidParameterException("invalid path in build context: " + e.getName() + ": " + reason);
        }
    }

    /** An entry's bytes: a failed write (a full disk) fails the build; a failed read is the client's and stays an IOException. */
    private static void copy(InputStream in, OutputStream out, String path) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            try {
                out.write(buffer, 0, n);
            } catch (IOException e) {
                throw writeFailed(path, e.getMessage());
            }
        }
    }

    private static boolean outOfSpace(String reason) {
        return reason != null && (reason.contains("No space left on device") || reason.contains("Disk quota exceeded"));
    }

    /** dockerd's words when its untar of the context fails (the http host spells the strerror text as Go does). */
    private static BuildFailedException writeFailed(String path, String reason) {
        return new BuildFailedException("Error processing tar file: write " + path + ": " + reason);
    }

    /** Removes what .dockerignore excludes (the Dockerfile and .dockerignore too, once read, as moby does). */
    public void applyIgnore(DockerIgnore ignore) throws IOException {
        if (ignore.isEmpty()) {
            return;
        }
        try (ConfinedDir top = root.dir()) {
            prune(top, "", ignore, 0);
        }
    }

    /** Answers whether {@code dir} is empty afterwards. */
    private static boolean prune(ConfinedDir dir, String prefix, DockerIgnore ignore, int depth)
            throws IOException {
        if (depth > ConfinedDir.MAX_DEPTH) {
            throw new InvalidParameterException("the build context is nested too deep");
        }
        boolean empty = true;
        for (String name : dir.list()) {
            String rel = prefix.isEmpty() ? name : prefix + "/" + name;
            FileStat st = dir.lstat(name);
            if (st.isDirectory()) {
                boolean childEmpty;
                try (ConfinedDir child = dir.dir(name)) {
                    childEmpty = prune(child, rel, ignore, depth + 1);
                }
                if (childEmpty && ignore.excludes(rel)) {
                    dir.delete(name);
                    continue;
                }
            } else if (ignore.excludes(rel)) {
                dir.delete(name);
                continue;
            }
            empty = false;
        }
        return empty;
    }

    /** Removes everything below the root (the directory itself is the caller's). */
    public void clear() {
        try (ConfinedDir top = root.dir()) {
            for (String name : top.list()) {
                top.deleteTree(name);
            }
        } catch (IOException ignored) {
            // best effort: the data root's temporary directory is swept with it
        }
    }

    /** Removes the context, its directory included. */
    @Override
    public void close() {
        clear();
        root.close();
        try {
            java.nio.file.Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
