package io.linnet.containerd.image;

/**
 * Whether a container uses an image: removal and prune ask before deleting (the image service
 * answers it from the container service it is bound to).
 */
@FunctionalInterface
interface ImageUsage {

    ImageUsage NONE = imageId -> false;

    boolean usedByContainer(String imageId);
}
