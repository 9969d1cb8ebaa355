package io.linnet.engine.api.image;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Images held in containerd (content store, image records, unpacked snapshots), seen as Docker
 * images. Names are looked up as dockerd does: familiar or full name, full ID, "sha256:" prefixed
 * ID, unique short ID prefix, digest reference. A name that matches nothing raises (with the
 * name's default tag, as moby 24) {@link io.linnet.engine.api.NotFoundException} "No such image: busybox:latest".
 */
public interface ImageService {

    /** Every image, one per ID. */
    List<Image> list();

    /** The image a name or ID resolves to. */
    Image inspect(String nameOrId);

    /** The history of an image, newest step first. */
    List<ImageHistoryEntry> history(String nameOrId);

    /** Points {@code target} (a reference; a missing tag means "latest") at the image {@code source} names. */
    void tag(String source, ImageReference target);

    /**
     * dockerd's image removal: untag a name, or delete the image when no name is left (or it was
     * named by ID). 409 (Conflict) for an ID that several repositories reference, unless force.
     *
     * @param noPrune keep untagged parents (they do not exist for loaded images; kept for the API)
     */
    List<ImageDeleteResult> remove(String nameOrId, boolean force, boolean noPrune);

    /**
     * Loads a docker-archive (manifest.json) or OCI image layout (index.json) tarball, plain or
     * gzip-compressed, read as a stream. Content is verified by digest and written under a lease;
     * layers are unpacked into the snapshotter.
     *
     * @return the references loaded ("busybox:latest"), or image IDs for untagged images
     * @throws io.linnet.engine.api.InvalidParameterException for malformed or hostile archives
     */
    List<LoadedImage> load(InputStream archive, ProgressSink progress);

    /** Imports a root file system tarball (plain, gzip, bzip2 or xz) as a one-layer image; returns its ID. */
    String importRootfs(InputStream tarball, ImportRequest request, ProgressSink progress);

    /** Writes the named images as one docker-archive tarball (loadable by dockerd) to {@code out}. */
    void save(List<String> namesOrIds, OutputStream out);

    /**
     * Removes images no container uses: dangling ones only, or every unused one when
     * {@code danglingOnly} is false, among those {@code filter} accepts.
     */
    PruneReport prune(boolean danglingOnly, io.linnet.engine.api.PruneFilter filter);

    /** One image a load brought in: its ID and the familiar names it got (empty when untagged). */
    record LoadedImage(String id, List<String> names) {
    }

    /** What prune removed and the bytes it freed. */
    record PruneReport(List<ImageDeleteResult> deleted, long spaceReclaimed) {
    }
}
