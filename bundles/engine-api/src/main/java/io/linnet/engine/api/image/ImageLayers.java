package io.linnet.engine.api.image;

import java.io.InputStream;
import java.util.List;

/**
 * The layer operations a builder (and {@code docker commit}) needs: each makes a new, untagged
 * image from a parent image (null for {@code scratch}) plus at most one new layer, with the
 * given run-time config and one more history entry. Returns the new image's ID (config digest).
 */
public interface ImageLayers {

    /**
     * The changes a container made to its root file system (containerd's Diff service between the
     * container's snapshot and its parent) become a layer on top of {@code parentImageId}.
     *
     * @param containerId the container's full ID
     */
    String commitContainer(String containerId, String parentImageId, Step step);

    /** A layer read from an uncompressed tar stream (paths relative to the root) on top of the parent. */
    String addLayer(String parentImageId, InputStream layerTar, Step step);

    /** The parent's layers with a new config and an empty-layer history entry. */
    String changeConfig(String parentImageId, Step step);

    /**
     * The image's whole file system as an uncompressed tar stream (for COPY --from); closing the
     * stream releases what the export held.
     */
    InputStream exportRootfs(String imageId);

    /**
     * Applies Dockerfile change commands ({@code docker commit --change}: CMD, ENTRYPOINT, ENV,
     * EXPOSE, LABEL, USER, WORKDIR, VOLUME, STOPSIGNAL, ONBUILD) to a config.
     */
    ImageConfig applyChanges(ImageConfig base, List<String> changes);

    /**
     * One step of an image's making.
     *
     * @param createdBy the history's {@code created_by} ("/bin/sh -c #(nop)  CMD [\"sh\"]")
     * @param comment   history and image comment; may be empty
     * @param author    may be empty
     */
    record Step(ImageConfig config, String createdBy, String comment, String author) {
        public Step {
            createdBy = createdBy == null ? "" : createdBy;
            comment = comment == null ? "" : comment;
            author = author == null ? "" : author;
        }
    }
}
