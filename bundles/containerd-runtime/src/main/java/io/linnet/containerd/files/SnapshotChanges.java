package io.linnet.containerd.files;

import io.linnet.engine.api.container.ContainerFiles.Change;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * docker diff from an overlay snapshot: every entry of the upper directory is a change against
 * the lower layers; a 0/0 character device is overlayfs's mark of a deletion. What the runtime
 * creates itself (mount points for /proc, /etc/hosts, ...) is left out, as dockerd's init layer
 * hides it.
 */
final class SnapshotChanges {

    /** Paths runc creates as mount targets, which dockerd keeps in its init layer. */
    static final Set<String> RUNTIME_PATHS = Set.of("/proc", "/sys", "/dev", "/etc/hostname", "/etc/hosts",
            "/etc/resolv.conf", "/etc/mtab", "/.dockerenv");

    private final Path upper;
    private final List<Path> lowers;

    SnapshotChanges(Path upper, List<Path> lowers) {
        this.upper = upper;
        this.lowers = lowers;
    }

    List<Change> changes() throws IOException {
        List<Change> out = new ArrayList<>();
        walk("/", out);
        return out;
    }

    /** Adds the changes below {@code dir}; answers whether there was any. */
    private boolean walk(String dir, List<Change> out) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(ScopedPath.host(upper, dir))) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        boolean any = false;
        for (String name : names) {
            String path = ScopedPath.join(dir, name);
            UnixStat stat = UnixStat.of(ScopedPath.host(upper, path));
            UnixStat below = lower(path);
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
                boolean childChanged = walk(path, out);
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
    private UnixStat lower(String path) throws IOException {
        for (Path layer : lowers) {
            Path p = ScopedPath.host(layer, path);
            try {
                return UnixStat.of(p);
            } catch (java.nio.file.FileSystemException e) {
                // not in this layer
            }
        }
        return null;
    }
}
