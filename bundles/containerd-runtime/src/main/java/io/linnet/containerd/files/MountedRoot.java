package io.linnet.containerd.files;

import io.linnet.files.ConfinedRoot;
import io.linnet.files.HostCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A container's root as the daemon reaches it for one request, confined: a running task's
 * {@code /proc/<pid>/root}, or a stopped container's snapshot (and bind mounts) mounted on a
 * temporary directory ({@code nosuid,nodev}: the daemon only reads and writes files there),
 * unmounted on close.
 */
final class MountedRoot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MountedRoot.class);

    private final ConfinedRoot root;
    private final Path mountPoint;
    private final boolean running;

    private MountedRoot(ConfinedRoot root, Path mountPoint, boolean running) {
        this.root = root;
        this.mountPoint = mountPoint;
        this.running = running;
    }

    /** The running task's view: its mount namespace, bind mounts and volumes included. */
    static MountedRoot ofTask(int pid) throws IOException {
        ConfinedRoot root = ConfinedRoot.open(Path.of("/proc", Integer.toString(pid), "root"));
        if (root.isHostRoot()) {
            // the task is gone and its pid names a host process: never hand out the host's root
            root.close();
            throw new IOException("container process " + pid + " has exited");
        }
        return new MountedRoot(root, null, true);
    }

    /** Mounts with {@code mount(8)} arguments ending in the target, given the directory made for it. */
    static MountedRoot mount(Path mountRoot, java.util.function.Function<String, List<String>> args) throws IOException {
        Files.createDirectories(mountRoot);
        Path dir = Files.createDirectory(mountRoot.resolve(UUID.randomUUID().toString()));
        List<String> command = new ArrayList<>();
        command.add("mount");
        command.addAll(args.apply(dir.toString()));
        try {
            HostCommand.run(command);
        } catch (IOException e) {
            Files.deleteIfExists(dir);
            throw e;
        }
        try {
            return new MountedRoot(ConfinedRoot.open(dir), dir, false);
        } catch (IOException e) {
            unmount(dir);
            throw e;
        }
    }

    /** Bind-mounts a host path over what a container path reaches inside this (mounted) root. */
    void bind(String source, String destination, boolean readOnly) throws IOException {
        root.bind(source, destination, readOnly);
    }

    ConfinedRoot root() {
        return root;
    }

    boolean running() {
        return running;
    }

    @Override
    public void close() {
        root.close();
        if (mountPoint != null) {
            unmount(mountPoint);
        }
    }

    private static void unmount(Path mountPoint) {
        try {
            HostCommand.run(List.of("umount", "-R", mountPoint.toString()));
            Files.deleteIfExists(mountPoint);
        } catch (IOException e) {
            LOG.warn("could not unmount {}: {}", mountPoint, e.getMessage());
        }
    }
}
