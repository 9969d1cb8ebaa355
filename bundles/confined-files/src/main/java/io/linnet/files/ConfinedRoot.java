package io.linnet.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A directory the daemon chose (a container's root, a snapshot, a build context), in which paths
 * chosen by someone else (a client, an image, a container's processes) are looked up. The kernel
 * does every lookup: {@code openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)} on the root's
 * descriptor takes symlinks and ".." as a chroot would, and the last step is a {@code *at()} call
 * on the parent's descriptor that never follows the entry. No path is checked and then handed to
 * a path-based call, so a process that swaps links meanwhile cannot send an operation outside.
 */
public final class ConfinedRoot implements AutoCloseable {

    /** Linux's limit on symlinks followed in one lookup. */
    static final int MAX_LINKS = 40;

    private final int fd;
    private final String description;
    private boolean closed;

    private ConfinedRoot(int fd, String description) {
        this.fd = fd;
        this.description = description;
    }

    /**
     * Opens a root. The daemon's own path is followed as it is (it may be a running task's
     * {@code /proc/<pid>/root}); nothing below it ever is.
     */
    public static ConfinedRoot open(Path root) throws IOException {
        int fd = Sys.openAt(Sys.AT_FDCWD, root.toString(), Sys.O_PATH | Sys.O_DIRECTORY | Sys.O_CLOEXEC, 0);
        return new ConfinedRoot(fd, root.toString());
    }

    /** Whether this root is the daemon's own root (a task's /proc link that no longer names a container). */
    public boolean isHostRoot() throws IOException {
        FileStat mine = Sys.stat(fd, "");
        int host = Sys.openAt(Sys.AT_FDCWD, "/", Sys.O_PATH | Sys.O_DIRECTORY | Sys.O_CLOEXEC, 0);
        try {
            FileStat hostStat = Sys.stat(host, "");
            return mine.dev() == hostStat.dev() && mine.ino() == hostStat.ino();
        } finally {
            Sys.close(host);
        }
    }

    @Override
    public String toString() {
        return description;
    }

    // ---------------------------------------------------------------- lookups inside the root

    /** The directory at {@code path}, symlinks on the way (and a last one) taken inside the root. */
    public ConfinedDir dir(String path) throws IOException {
        int d = Sys.openInRoot(fd, relative(path), Sys.O_RDONLY | Sys.O_DIRECTORY | Sys.O_CLOEXEC);
        return new ConfinedDir(d, Names.clean(path));
    }

    /** The root itself as a directory. */
    public ConfinedDir dir() throws IOException {
        return dir("/");
    }

    /**
     * The directory at {@code path}, made with {@code mode} (and {@code owner}, when not null) where
     * it is missing, each level looked up inside the root.
     */
    public ConfinedDir mkdirs(String path, int mode, Owner owner) throws IOException {
        String clean = Names.clean(path);
        try {
            return dir(clean);
        } catch (NoSuchFileException missing) {
            // made below, level by level
        }
        if (clean.equals("/")) {
            throw new NoSuchFileException(description);
        }
        try (ConfinedDir parent = mkdirs(Names.parent(clean), mode, owner)) {
            String name = Names.base(clean);
            try {
                parent.mkdir(name, mode);
                if (owner != null) {
                    parent.chown(name, owner.uid(), owner.gid());
                }
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // made meanwhile, or a symlink: the lookup below says which
            }
        }
        return dir(clean);
    }

    /** A directory entry and the directory holding it: its parent looked up inside the root, itself not followed. */
    public record Entry(ConfinedDir parent, String name) implements AutoCloseable {
        @Override
        public void close() {
            parent.close();
        }
    }

    /** The entry {@code path} names (not the root, which has no parent inside itself). */
    public Entry entry(String path) throws IOException {
        String clean = Names.clean(path);
        if (clean.equals("/")) {
            throw new FileSystemException("/", null, "the root is no directory entry");
        }
        return new Entry(dir(Names.parent(clean)), Names.base(clean));
    }

    /** stat of the path, a last symlink not followed. */
    public FileStat lstat(String path) throws IOException {
        String clean = Names.clean(path);
        if (clean.equals("/")) {
            try (ConfinedDir d = dir("/")) {
                return d.stat();
            }
        }
        try (ConfinedDir parent = dir(Names.parent(clean))) {
            return parent.lstat(Names.base(clean));
        }
    }

    public FileStat lstatOrNull(String path) throws IOException {
        try {
            return lstat(path);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** stat of what the path reaches, a last symlink followed inside the root. */
    public FileStat stat(String path) throws IOException {
        int p = Sys.openInRoot(fd, relative(path), Sys.O_PATH | Sys.O_CLOEXEC);
        try {
            return Sys.stat(p, "");
        } finally {
            Sys.close(p);
        }
    }

    /** Reads the regular file a path reaches (a last symlink followed inside the root). */
    public InputStream read(String path) throws IOException {
        int p = Sys.openInRoot(fd, relative(path), Sys.O_PATH | Sys.O_CLOEXEC);
        return reopenRegular(p, Names.clean(path));
    }

    /** A small regular file whole, or an error past {@code limit} bytes (a passwd file, a Dockerfile). */
    public byte[] readAll(String path, int limit) throws IOException {
        try (InputStream in = read(path)) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new FileSystemException(Names.clean(path), null, "file larger than " + limit + " bytes");
            }
            return bytes;
        }
    }

    public String readlink(String path) throws IOException {
        try (Entry e = entry(path)) {
            return e.parent().readlink(e.name());
        }
    }

    /**
     * Bind-mounts a host path (the daemon's choice) over what {@code path} reaches inside the root,
     * {@code nosuid,nodev} (the daemon's view is for files only) and read-only if asked; the mount
     * names its target by descriptor.
     */
    public void bind(String source, String path, boolean readOnly) throws IOException {
        int target = Sys.openInRoot(fd, relative(path), Sys.O_PATH | Sys.O_CLOEXEC);
        try {
            Sys.mount(source, target, Sys.MS_BIND, Names.clean(path));
        } finally {
            Sys.close(target);
        }
        // looked up again: the path now reaches the new mount's root, which the remount must name
        int mounted = Sys.openInRoot(fd, relative(path), Sys.O_PATH | Sys.O_CLOEXEC);
        try {
            Sys.mount(null, mounted, Sys.MS_REMOUNT | Sys.MS_BIND | Sys.MS_NOSUID | Sys.MS_NODEV
                    | (readOnly ? Sys.MS_RDONLY : 0), Names.clean(path));
        } finally {
            Sys.close(mounted);
        }
    }

    /**
     * Resolves the symlinks of a path as the container sees them, for naming what was reached (docker
     * cp's stat); the last element only with {@code followLast}. Missing elements are kept as written.
     * Every step is a confined lookup, so what it reads are the root's own links.
     */
    public String resolve(String path, boolean followLast) throws IOException {
        Deque<String> todo = new ArrayDeque<>(List.of(path.split("/")));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            done.add(name);
            boolean last = todo.stream().allMatch(p -> p.isEmpty() || p.equals("."));
            if (last && !followLast) {
                break;
            }
            String sofar = "/" + String.join("/", done);
            FileStat st;
            try {
                st = lstat(sofar);
            } catch (IOException e) {
                continue; // missing (or below a non-directory): kept as written, the caller's stat says why
            }
            if (!st.isSymlink()) {
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new FileSystemException(path, null, "Too many levels of symbolic links");
            }
            String target = readlink(sofar);
            done.remove(done.size() - 1);
            if (target.startsWith("/")) {
                done.clear();
            }
            String[] parts = target.split("/");
            for (int i = parts.length - 1; i >= 0; i--) {
                todo.addFirst(parts[i]);
            }
        }
        return "/" + String.join("/", done);
    }

    // ---------------------------------------------------------------- helpers

    /** Ownership given to what a confined operation makes. */
    public record Owner(long uid, long gid) {
    }

    private static String relative(String path) {
        String clean = Names.clean(path);
        return clean.equals("/") ? "." : clean.substring(1);
    }

    /** A descriptor opened O_PATH becomes a stream only when it holds a regular file; it is closed either way. */
    static InputStream reopenRegular(int pathFd, String what) throws IOException {
        try {
            FileStat st = Sys.stat(pathFd, "");
            if (st.isDirectory()) {
                throw new FileSystemException(what, null, "Is a directory");
            }
            if (!st.isRegular()) {
                throw new FileSystemException(what, null, "not a regular file");
            }
            FileChannel channel = FileChannel.open(Path.of(Sys.procPath(pathFd)), StandardOpenOption.READ);
            return Channels.newInputStream(channel);
        } finally {
            Sys.close(pathFd);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Sys.close(fd);
        }
    }
}
