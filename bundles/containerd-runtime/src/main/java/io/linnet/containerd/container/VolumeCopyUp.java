package io.linnet.containerd.container;

import io.linnet.files.ConfinedDir;
import io.linnet.files.ConfinedRoot;
import io.linnet.files.HostCommand;
import io.linnet.containerd.proto.types.Mount;
import io.linnet.engine.api.container.MountPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fills new (empty) volumes with what the image holds at their destination, as dockerd does at
 * create: the image's layers (the lower directories of the container's fresh snapshot) are read,
 * through a read-only overlay mount when there are several, and copied with ownership, modes and
 * links kept ({@code cp -a}). The source is looked up inside the image by the kernel, never on the host.
 */
final class VolumeCopyUp {

    private static final Logger LOG = LoggerFactory.getLogger(VolumeCopyUp.class);

    private VolumeCopyUp() {
    }

    /**
     * @param rootfs  the mounts of the container's prepared snapshot
     * @param scratch an empty directory for a temporary mount
     */
    static void copy(String id, List<Mount> rootfs, List<MountPlanner.Planned> planned, Path scratch) throws IOException {
        List<MountPoint> targets = new ArrayList<>();
        for (MountPlanner.Planned p : planned) {
            if (p.copyUp() && isEmptyDirectory(Path.of(p.mount().source()))) {
                targets.add(p.mount());
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        List<String> lowers = lowerDirs(rootfs);
        if (lowers.isEmpty()) {
            return; // an image without layers has nothing to copy
        }
        boolean mounted = false;
        Path root;
        if (lowers.size() == 1) {
            root = Path.of(lowers.get(0));
        } else {
            Files.createDirectories(scratch);
            run("mount", "-t", "overlay", "overlay", "-o", "ro,nosuid,nodev,lowerdir=" + String.join(":", lowers), scratch.toString());
            mounted = true;
            root = scratch;
        }
        try {
            try (ConfinedRoot image = ConfinedRoot.open(root)) {
                for (MountPoint m : targets) {
                    // the image's directory, looked up inside the image; cp is handed the daemon's
                    // descriptor of it, so no link in the image can point it at a host directory
                    try (ConfinedDir source = image.dir(m.destination())) {
                        run("cp", "-a", source.descriptorPath() + "/.", m.source() + "/");
                        LOG.debug("container {}: filled volume {} from the image's {}", id, m.name(), m.destination());
                    } catch (java.nio.file.FileSystemException notADirectory) {
                        // nothing to copy: the image has no directory there
                    }
                }
            }
        } finally {
            if (mounted) {
                run("umount", scratch.toString());
                Files.deleteIfExists(scratch);
            }
        }
    }

    /** Lowest layer last, as overlay wants them; an active snapshot's own upper directory is left out. */
    static List<String> lowerDirs(List<Mount> rootfs) {
        for (Mount m : rootfs) {
            if (m.getType().equals("overlay")) {
                for (String option : m.getOptionsList()) {
                    if (option.startsWith("lowerdir=")) {
                        return Arrays.asList(option.substring("lowerdir=".length()).split(":"));
                    }
                }
            }
        }
        return List.of(); // a bind of the snapshot's own (empty) directory: no image layers
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** A copy of a large image directory may take minutes. */
    private static void run(String... command) throws IOException {
        HostCommand.run(List.of(command), Duration.ofMinutes(5));
    }
}
