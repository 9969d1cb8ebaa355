package io.linnet.containerd.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A container's directory under {@code <data-root>/containers} (its log, hosts, resolv.conf, hostname) and the
 * containers directory itself: 0710 as dockerd makes them, so only root and root's group reach the logs.
 */
final class ContainerFilesDir {

    private ContainerFilesDir() {
    }

    static Path create(Path dir) throws IOException {
        for (Path d : new Path[] {dir.getParent(), dir}) {
            if (!Files.isDirectory(d)) {
                Files.createDirectories(d);
                // explicit, not through the umask
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx--x---"));
            }
        }
        return dir;
    }
}
