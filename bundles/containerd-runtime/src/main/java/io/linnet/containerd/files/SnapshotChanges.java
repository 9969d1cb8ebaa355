package io.linnet.containerd.files;

import io.linnet.engine.api.container.ContainerFiles.Change;
import io.linnet.files.ConfinedDir;
import io.linnet.files.ConfinedRoot;
import io.linnet.files.FileStat;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * docker diff from an overlay snapshot: every entry of the upper directory is a change against
 * the lower layers; a 0/0 character device is overlayfs's mark of a deletion. What the runtime
 * creates itself (mount points for /proc, /etc/hosts, ...) is left out, as dockerd's init layer
 * hides it. The upper directory is the running container's to change: it is walked by directory
 * descriptors and the layers are looked up confined, never by host paths.
 */
final class SnapshotChanges {

    /** Paths runc creates as mount targets, which dockerd keeps in its init layer. */
    static final Set<String> RUNTIME_PATHS = Set.of("/proc", "/sys", "/dev", "/etc/hostname", "/etc/hosts",
            "/etc/resolv.conf", "/etc/mtab", "/.dockerenv");

    private final ConfinedRoot upper;
    private final List<ConfinedRoot> lowers;

    /** @param lowers the image's layers, top first */
    SnapshotChanges(ConfinedRoot upper, List<ConfinedRoot> lowers) {
        this.upper = upper;
        this.lowers = lowers;
    }

    List<Change> changes() throws IOException {
        List<Change> out = new ArrayList<>();
        try (ConfinedDir top = upper.dir()) {
            walk(top, "/", out, 0);
        }
        return out;
    }

    /** Adds the changes below {@code dir}; answers whether there was any. */
    private boolean walk(ConfinedDir handle, String dir, List<Change> out, int depth) throws IOException {
        if (depth > ConfinedDir.MAX_DEPTH) {
            throw new FileSystemException(dir, null, "directory tree too deep");
        }
        boolean any = false;
        for (String name : handle.list()) {
            String path = ScopedPath.join(dir, name);
            FileStat stat = handle.lstatOrNull(name);
            if (stat == null) {
                continue; // removed while we looked
            }
            FileStat below = lower(path);
            if (stat.isWhiteout()) {
                if (below != null) {
                    out.add(new Change(path, Change.DELETED));
                    any = true;
                }
                continue;
            }
            if (below == null && RUNTIME_PATHS.contains(path)) {
                continue;
            }
            if (stat.isDirectory()) {
                int at = out.size();
                Change self = new Change(path, below == null ? Change.ADDED : Change.MODIFIED);
                out.add(self);
                boolean childChanged;
                try (ConfinedDir child = handle.dir(name)) {
                    childChanged = walk(child, path, out, depth + 1);
                }
                boolean sameMeta = below != null && below.isDirectory() && below.mode() == stat.mode()
                        && below.uid() == stat.uid() && below.gid() == stat.gid();
                if (sameMeta && !childChanged) {
                    out.remove(at); // copied up only because something below was touched and put back
                    continue;
                }
            } else {
                out.add(new Change(path, below == null ? Change.ADDED : Change.MODIFIED));
            }
            any = true;
        }
        return any;
    }

    /** The path in the topmost lower layer that has it, or null. */
    private FileStat lower(String path) throws IOException {
        for (ConfinedRoot layer : lowers) {
            try {
                return layer.lstat(path);
            } catch (FileSystemException e) {
                // not in this layer
            }
        }
        return null;
    }
}
