package io.linnet.containerd.image;

/**
 * Whether a container uses an image: removal and prune ask before deleting. The container service
 * offers it (inside this bundle) from its view of the containers.
 */
@FunctionalInterface
public interface ImageUsage {

    ImageUsage NONE = imageId -> false;

    boolean usedByContainer(String imageId);
}
