package io.linnet.containerd.files;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Unpacks a tar stream into a directory of a container, as moby's chrooted untar does: entry
 * names and link targets are taken inside the destination, a symlink met on the way is resolved
 * inside the container's root, and nothing is ever written outside that root.
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

    private record DirTime(Path host, FileTime mtime) {
    }

    private final Path root;
    private final String dest;
    private final boolean noOverwriteDirNonDir;
    private final Owner owner;
    private final List<DirTime> dirTimes = new ArrayList<>();

    /**
     * @param root the container's root on the host
     * @param dest the destination directory inside the container (resolved, clean)
     */
    TarExtractor(Path root, String dest, boolean noOverwriteDirNonDir, Owner owner) {
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
            times(d.host(), d.mtime());
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
        String hostLinkTarget = null;
        if (entry.isLink()) {
            String linkRelative = relative(entry.getLinkName());
            if (linkRelative == null) {
                throw new ExtractException("invalid hardlink \"" + path + "\" -> \"" + entry.getLinkName() + "\"");
            }
            String linkPath = ScopedPath.join(dest, linkRelative);
            String resolved = ScopedPath.resolve(root, linkPath, false);
            hostLinkTarget = ScopedPath.host(root, resolved).toString();
        }

        String parent = path.equals("/") ? "/" : mkdirs(ScopedPath.parent(path));
        String target = path.equals(dest) ? ScopedPath.resolve(root, dest, true)
                : ScopedPath.join(parent, ScopedPath.base(path));
        Path host = ScopedPath.host(root, target);
        UnixStat existing = statOrNull(host);
        if (existing != null) {
            if (noOverwriteDirNonDir && existing.isDirectory() && !entry.isDirectory()) {
                throw new ExtractException("cannot overwrite directory \"" + target + "\" with non-directory \"" + dest + "\"");
            }
            if (noOverwriteDirNonDir && !existing.isDirectory() && entry.isDirectory()) {
                throw new ExtractException("cannot overwrite non-directory \"" + target + "\" with directory \"" + dest + "\"");
            }
            if (existing.isDirectory() && relative.equals(".")) {
                return;
            }
            if (!(existing.isDirectory() && entry.isDirectory())) {
                deleteTree(host);
            }
        }
        if (entry.isDirectory()) {
            if (existing == null || !existing.isDirectory()) {
                Files.createDirectory(host);
            }
        } else if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(host, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
            Files.createLink(host, Path.of(hostLinkTarget));
            return; // a hard link shares its target's metadata
        } else {
            try (OutputStream out = Files.newOutputStream(host, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                data.transferTo(out);
            }
        }
        metadata(host, entry);
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

    /** Resolves a directory inside the root, creating what is missing (0755, as moby); returns where it ended. */
    private String mkdirs(String dir) throws IOException {
        String resolved = ScopedPath.resolve(root, dir, true);
        Path host = ScopedPath.host(root, resolved);
        UnixStat stat = statOrNull(host);
        if (stat != null) {
            if (!stat.isDirectory()) {
                throw new ExtractException("not a directory: \"" + resolved + "\"");
            }
            return resolved;
        }
        String parent = mkdirs(ScopedPath.parent(resolved));
        String created = ScopedPath.join(parent, ScopedPath.base(resolved));
        Path createdHost = ScopedPath.host(root, created);
        Files.createDirectory(createdHost);
        if (owner != null) {
            chown(createdHost, owner.uid(), owner.gid());
        }
        return created;
    }

    private void metadata(Path host, TarArchiveEntry entry) throws IOException {
        chown(host, owner != null ? owner.uid() : entry.getLongUserId(), owner != null ? owner.gid() : entry.getLongGroupId());
        if (entry.isSymbolicLink()) {
            return; // Linux has no mode on symlinks, and their times are not worth a follow
        }
        Files.setAttribute(host, "unix:mode", entry.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
        if (entry.isDirectory()) {
            dirTimes.add(new DirTime(host, entry.getLastModifiedTime()));
        } else {
            times(host, entry.getLastModifiedTime());
        }
    }

    private static void chown(Path host, long uid, long gid) throws IOException {
        Files.setAttribute(host, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(host, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
    }

    private static void times(Path host, FileTime mtime) throws IOException {
        Files.getFileAttributeView(host, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(mtime, mtime, null);
    }

    private static UnixStat statOrNull(Path host) throws IOException {
        try {
            return UnixStat.of(host);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    /** Removes a file or a whole tree without following any symlink in it. */
    static void deleteTree(Path host) throws IOException {
        Files.walkFileTree(host, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
