package io.linnet.containerd.container;

import java.util.Optional;

/** Reads a regular file of a container's root file system before it is mounted (from the image's layers). */
@FunctionalInterface
interface RootfsFiles {

    RootfsFiles NONE = path -> Optional.empty();

    Optional<byte[]> read(String path);
}
