package io.linnet.network.cni;

import io.linnet.files.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Pins a task's network namespace to a file ({@code mount --bind /proc/<pid>/ns/net}): CNI DEL needs
 * the namespace after the process has exited, or the bridge plugin leaves its rules behind.
 */
final class Netns {

    private Netns() {
    }

    static void pin(int pid, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        run(List.of("mount", "--bind", "/proc/" + pid + "/ns/net", file.toString()));
    }

    /** Unmounts and deletes the pin; nothing happens when it is not there. */
    static void unpin(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            run(List.of("umount", file.toString()));
        } catch (IOException ignored) {
            // not mounted
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // busy: left for the next start
        }
    }

    /** Runs a short command; fails with its error output. */
    static String run(List<String> command) throws IOException {
        return HostCommand.run(command);
    }
}
