package io.linnet.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * An open directory inside a confined root. Every operation names one entry of this directory and
 * never follows it when it is a symlink: what it reaches is this directory's entry, wherever the
 * directory has been moved meanwhile.
 */
public final class ConfinedDir implements AutoCloseable {

    /** Deeper trees are refused rather than walked (the kernel's own paths stop at 4096 bytes). */
    public static final int MAX_DEPTH = 2048;

    private final int fd;
    private final String path;
    private boolean closed;

    ConfinedDir(int fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    /** The path this directory was opened by (for messages; it may have moved since). */
    public String path() {
        return path;
    }

    /**
     * This directory as a child process of the daemon can name it while it stays open: the
     * descriptor's link under /proc, which the kernel follows to this very directory.
     */
    public String descriptorPath() {
        return "/proc/" + ProcessHandle.current().pid() + "/fd/" + fd;
    }

    private String at(String name) {
        return path.endsWith("/") ? path + name : path + "/" + name;
    }

    static String checkName(String name) throws IOException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new FileSystemException(name, null, "not a single file name");
        }
        return name;
    }

    public List<String> list() throws IOException {
        List<String> names = Sys.list(fd, path);
        names.sort(null); // Go's filepath.Walk order
        return names;
    }

    /** This directory's own stat. */
    public FileStat stat() throws IOException {
        return Sys.stat(fd, "");
    }

    /** The entry's stat, or NoSuchFileException. */
    public FileStat lstat(String name) throws IOException {
        return Sys.stat(fd, checkName(name));
    }

    public FileStat lstatOrNull(String name) throws IOException {
        return Sys.statOrNull(fd, checkName(name));
    }

    /** A subdirectory; a symlink is refused (ELOOP or ENOTDIR), not followed. */
    public ConfinedDir dir(String name) throws IOException {
        int child = Sys.openAt(fd, checkName(name), Sys.O_RDONLY | Sys.O_DIRECTORY | Sys.O_NOFOLLOW | Sys.O_CLOEXEC, 0);
        return new ConfinedDir(child, at(name));
    }

    /** Reads a regular file (anything else is refused before it is opened: no FIFO blocks, no device is touched). */
    public InputStream read(String name) throws IOException {
        int pathFd = Sys.openAt(fd, checkName(name), Sys.O_PATH | Sys.O_NOFOLLOW | Sys.O_CLOEXEC, 0);
        return ConfinedRoot.reopenRegular(pathFd, at(name));
    }

    /** Creates a new file (never an existing one, never through a symlink) for writing. */
    public OutputStream create(String name, int mode) throws IOException {
        int w = Sys.openAt(fd, checkName(name), Sys.O_WRONLY | Sys.O_CREAT | Sys.O_EXCL | Sys.O_NOFOLLOW | Sys.O_CLOEXEC,
                mode & 07777);
        try {
            FileChannel channel = FileChannel.open(Path.of(Sys.procPath(w)), StandardOpenOption.WRITE);
            return Channels.newOutputStream(channel);
        } finally {
            Sys.close(w);
        }
    }

    public void mkdir(String name, int mode) throws IOException {
        Sys.mkdirAt(fd, checkName(name), mode & 07777);
    }

    public void symlink(String name, String target) throws IOException {
        Sys.symlinkAt(target, fd, checkName(name));
    }

    /** A hard link to {@code fromName} of {@code from} (the entry itself, even when it is a symlink). */
    public void link(String name, ConfinedDir from, String fromName) throws IOException {
        Sys.linkAt(from.fd, checkName(fromName), fd, checkName(name));
    }

    public String readlink(String name) throws IOException {
        return Sys.readlinkAt(fd, checkName(name));
    }

    public void chown(String name, long uid, long gid) throws IOException {
        Sys.chownAt(fd, checkName(name), uid, gid);
    }

    /** Changes the mode of a file or directory; a symlink (which has none on Linux) is left as it is. */
    public void chmod(String name, int mode) throws IOException {
        int pathFd = Sys.openAt(fd, checkName(name), Sys.O_PATH | Sys.O_NOFOLLOW | Sys.O_CLOEXEC, 0);
        try {
            if (!Sys.stat(pathFd, "").isSymlink()) {
                Sys.chmodFd(pathFd, mode & 07777, at(name));
            }
        } finally {
            Sys.close(pathFd);
        }
    }

    /** Sets access and modification time, of a symlink itself when it is one. */
    public void setTimes(String name, long mtimeNanos) throws IOException {
        Sys.setTimesAt(fd, checkName(name), mtimeNanos);
    }

    /** Removes a file, a symlink or an empty directory. */
    public void delete(String name) throws IOException {
        FileStat st = lstat(name);
        Sys.unlinkAt(fd, name, st.isDirectory());
    }

    /** Removes an entry and, for a directory, everything below it, following no symlink. */
    public void deleteTree(String name) throws IOException {
        deleteTree(name, 0);
    }

    private void deleteTree(String name, int depth) throws IOException {
        FileStat st = lstat(name);
        if (st.isDirectory()) {
            if (depth > MAX_DEPTH) {
                throw new FileSystemException(at(name), null, "directory tree too deep");
            }
            try (ConfinedDir child = dir(name)) {
                for (String n : child.list()) {
                    child.deleteTree(n, depth + 1);
                }
            }
        }
        Sys.unlinkAt(fd, name, st.isDirectory());
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Sys.close(fd);
        }
    }
}
