package io.linnet.containerd.image;

import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.proto.images.Image;

import java.util.Optional;

/**
 * The Docker image ID (config digest) an image record stands for, as the image service sees it;
 * for other services of this bundle (counts in {@code docker info}). Manifests are cached by digest.
 */
public final class ImageIds {

    private final ImageCatalog catalog;

    public ImageIds(ContainerdConnection containerd) {
        this.catalog = new ImageCatalog(null, new ContentStore(containerd), new Snapshots(containerd)); // manifests only
    }

    /** Empty when the record's content is missing or unreadable. */
    public Optional<String> of(Image record) {
        return catalog.imageId(record);
    }
}
