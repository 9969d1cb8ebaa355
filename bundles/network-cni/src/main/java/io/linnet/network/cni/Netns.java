package io.linnet.network.cni;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.linnet.files.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Pins a network namespace to a file ({@code mount --bind /proc/<pid>/ns/net}, or the namespace a
 * thread made before the task): CNI DEL needs the namespace after the process has exited, or the
 * bridge plugin leaves its rules behind, and a spec can name the pin for runc to join. The bind
 * mount is made with mount(2) itself: running mount(8) and umount(8) cost two process starts per
 * container. Both paths are the daemon's own (its exec root and /proc), never a client's.
 */
final class Netns {
    private static final long MS_BIND = 4096;

    private interface LibC extends Library {
        LibC C = Native.load("c", LibC.class);

        int mount(String source, String target, String type, long flags, Pointer data) throws LastErrorException;

        int umount2(String target, int flags) throws LastErrorException;
    }

    private Netns() {
    }

    static void pin(int pid, Path file) throws IOException {
        bind("/proc/" + pid + "/ns/net", file);
    }

    /** Pins the namespace of the calling thread (one that made it with unshare(2)). */
    static void pinThisThread(Path file) throws IOException {
        bind("/proc/thread-self/ns/net", file);
    }

    private static void bind(String namespace, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        try {
            LibC.C.mount(namespace, file.toString(), null, MS_BIND, null);
        } catch (LastErrorException e) {
            throw new IOException("cannot pin " + namespace + " at " + file + ": errno " + e.getErrorCode());
        }
    }

    /** Unmounts and deletes the pin; nothing happens when it is not there. */
    static void unpin(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            LibC.C.umount2(file.toString(), 0);
        } catch (LastErrorException notMounted) {
            // nothing was pinned there
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
