package io.linnet.containerd.image;

/**
 * Whether a container uses an image: removal and prune ask before deleting. Containers come
 * later; until then nothing uses any image.
 */
@FunctionalInterface
interface ImageUsage {

    ImageUsage NONE = imageId -> false;

    boolean usedByContainer(String imageId);
}
