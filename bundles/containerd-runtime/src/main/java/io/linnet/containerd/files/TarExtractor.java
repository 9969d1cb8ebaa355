package io.linnet.containerd.files;

import io.linnet.files.ConfinedDir;
import io.linnet.files.ConfinedRoot;
import io.linnet.files.FileStat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Unpacks a tar stream into a directory of a container, as moby's chrooted untar does: entry
 * names and link targets are taken inside the destination, a symlink met on the way is resolved
 * inside the container's root by the kernel, and each entry is made with a {@code *at()} call on
 * its parent's descriptor, so nothing is ever written outside that root.
 */
final class TarExtractor {

    /** Ownership forced on every entry (docker cp -a: the container's user), or null to keep the tar's. */
    record Owner(long uid, long gid) {
    }

    /** The archive cannot be unpacked as asked; the message is moby's. */
    static final class ExtractException extends IOException {
        ExtractException(String message) {
            super("Error processing tar file(exit status 1): " + message);
        }
    }

    private record DirTime(String path, FileTime mtime) {
    }

    private final ConfinedRoot root;
    private final String dest;
    private final boolean noOverwriteDirNonDir;
    private final Owner owner;
    private final List<DirTime> dirTimes = new ArrayList<>();

    /**
     * @param dest the destination directory inside the container (resolved, clean)
     */
    TarExtractor(ConfinedRoot root, String dest, boolean noOverwriteDirNonDir, Owner owner) {
        this.root = root;
        this.dest = dest;
        this.noOverwriteDirNonDir = noOverwriteDirNonDir;
        this.owner = owner;
    }

    void extract(InputStream in) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            unpack(entry, tar);
        }
        // directory times last: creating their children changed them
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            DirTime d = dirTimes.get(i);
            try (ConfinedRoot.Entry e = root.entry(d.path())) {
                e.parent().setTimes(e.name(), nanos(d.mtime()));
            } catch (NoSuchFileException gone) {
                // replaced by a later entry
            }
        }
    }

    private void unpack(TarArchiveEntry entry, InputStream data) throws IOException {
        String raw = entry.getName();
        String relative = relative(raw);
        if (relative == null) {
            throw new ExtractException("\"" + raw + "\" is outside of \"" + dest + "\"");
        }
        String path = ScopedPath.join(dest, relative);
        if (entry.isGlobalPaxHeader() || entry.isPaxHeader()) {
            return;
        }
        if (!(entry.isDirectory() || entry.isFile() || entry.isSymbolicLink() || entry.isLink())) {
            return; // devices and FIFOs are not created by docker cp here
        }
        if (entry.isSymbolicLink()) {
            // moby's breakout check: the link, read from where it sits, stays inside the destination
            String target = entry.getLinkName();
            String reached = target.startsWith("/") ? ScopedPath.clean(dest + "/" + target)
                    : lexicalJoin(ScopedPath.parent(path), target);
            if (reached == null || !ScopedPath.within(dest, reached)) {
                throw new ExtractException("invalid symlink \"" + ScopedPath.join(dest, relative) + "\" -> \"" + target + "\"");
            }
        }
        String linkPath = null;
        if (entry.isLink()) {
            String linkRelative = relative(entry.getLinkName());
            if (linkRelative == null) {
                throw new ExtractException("invalid hardlink \"" + path + "\" -> \"" + entry.getLinkName() + "\"");
            }
            linkPath = ScopedPath.join(dest, linkRelative);
        }
        if (path.equals(dest)) {
            // the destination is a directory (the caller checked): it stays one, with its own metadata
            if (!entry.isDirectory()) {
                throw new ExtractException("cannot overwrite directory \"" + dest + "\" with non-directory \"" + dest + "\"");
            }
            return;
        }
        try (ConfinedDir parent = mkdirs(ScopedPath.parent(path), (entry.isDirectory() ? "mkdir " : "open ") + path)) {
            String name = ScopedPath.base(path);
            FileStat existing = parent.lstatOrNull(name);
            String target = ScopedPath.join(parent.path(), name);
            if (existing != null) {
                if (noOverwriteDirNonDir && existing.isDirectory() && !entry.isDirectory()) {
                    throw new ExtractException("cannot overwrite directory \"" + target + "\" with non-directory \"" + dest + "\"");
                }
                if (noOverwriteDirNonDir && !existing.isDirectory() && entry.isDirectory()) {
                    throw new ExtractException("cannot overwrite non-directory \"" + target + "\" with directory \"" + dest + "\"");
                }
                if (!(existing.isDirectory() && entry.isDirectory())) {
                    parent.deleteTree(name);
                }
            }
            if (entry.isDirectory()) {
                if (existing == null || !existing.isDirectory()) {
                    parent.mkdir(name, 0700);
                }
            } else if (entry.isSymbolicLink()) {
                parent.symlink(name, entry.getLinkName());
            } else if (entry.isLink()) {
                try (ConfinedRoot.Entry source = root.entry(linkPath)) {
                    parent.link(name, source.parent(), source.name());
                }
                return; // a hard link shares its target's metadata
            } else {
                try (OutputStream out = parent.create(name, 0600)) {
                    data.transferTo(out);
                }
            }
            metadata(parent, name, target, entry);
        }
    }

    /** The entry name relative to the destination, or null when it climbs out of it. */
    static String relative(String name) {
        String stripped = name;
        while (stripped.startsWith("/")) {
            stripped = stripped.substring(1);
        }
        String joined = lexicalJoin("/", stripped);
        if (joined == null) {
            return null;
        }
        return joined.equals("/") ? "." : joined.substring(1);
    }

    /** dir + "/" + name cleaned lexically, or null when ".." climbs above "/". */
    static String lexicalJoin(String dir, String name) {
        List<String> parts = new ArrayList<>();
        for (String p : (dir + "/" + name).split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.remove(parts.size() - 1);
                continue;
            }
            parts.add(p);
        }
        return "/" + String.join("/", parts);
    }

    /**
     * The directory, resolved inside the root, made where missing (0755, as moby; owned as asked);
     * a failure is told as moby's chrooted untar tells it, by the operation on the entry.
     */
    private ConfinedDir mkdirs(String dir, String operation) throws IOException {
        try {
            return root.mkdirs(dir, 0755, owner == null ? null : new ConfinedRoot.Owner(owner.uid(), owner.gid()));
        } catch (java.nio.file.FileSystemException e) {
            throw new ExtractException(operation + ": " + lower(e.getReason()));
        }
    }

    private void metadata(ConfinedDir parent, String name, String path, TarArchiveEntry entry) throws IOException {
        parent.chown(name, owner != null ? owner.uid() : entry.getLongUserId(), owner != null ? owner.gid() : entry.getLongGroupId());
        if (entry.isSymbolicLink()) {
            return; // Linux has no mode on symlinks, and their times are not worth a follow
        }
        parent.chmod(name, entry.getMode() & 07777);
        if (entry.isDirectory()) {
            dirTimes.add(new DirTime(path, entry.getLastModifiedTime()));
        } else {
            parent.setTimes(name, nanos(entry.getLastModifiedTime()));
        }
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }

    private static String lower(String reason) {
        return reason == null || reason.isEmpty() ? "" : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
}
