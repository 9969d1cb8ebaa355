package io.linnet.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The data and exec roots with dockerd's modes: the data root 0710 (root's group may traverse, others not),
 * set also on an existing root as dockerd's setupDaemonRoot does; the exec root created 0700, an existing one
 * left as its owner made it (dockerd's MkdirAll).
 */
final class DaemonRoots {

    private DaemonRoots() {
    }

    static void prepare(Path dataRoot, Path execRoot) throws IOException {
        Files.createDirectories(dataRoot);
        Files.setPosixFilePermissions(dataRoot, PosixFilePermissions.fromString("rwx--x---"));
        if (!Files.isDirectory(execRoot)) {
            Files.createDirectories(execRoot);
            Files.setPosixFilePermissions(execRoot, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
