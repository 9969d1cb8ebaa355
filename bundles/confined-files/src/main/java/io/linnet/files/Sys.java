package io.linnet.files;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;

/** Thin, checked wrappers of the system calls, with errno turned into java.nio.file exceptions. */
final class Sys {

    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_EMPTY_PATH = 0x1000;

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0x40;
    static final int O_EXCL = 0x80;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int O_PATH = 0x200000;
    /** The two flags whose values differ between x86 and the generic (arm64) ABI. */
    static final int O_DIRECTORY;
    static final int O_NOFOLLOW;

    static final long RESOLVE_NO_MAGICLINKS = 0x02;
    static final long RESOLVE_IN_ROOT = 0x10;
    /** openat2(2): the same number on every 64-bit architecture Linux added it to. */
    private static final long SYS_OPENAT2 = 437;

    static final long MS_RDONLY = 1;
    static final long MS_NOSUID = 2;
    static final long MS_NODEV = 4;
    static final long MS_REMOUNT = 32;
    static final long MS_BIND = 4096;

    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int ENOENT = 2;
    private static final int EAGAIN = 11;

    static {
        String arch = System.getProperty("os.arch", "");
        boolean generic = arch.equals("aarch64") || arch.equals("arm64") || arch.startsWith("riscv");
        O_DIRECTORY = generic ? 0x4000 : 0x10000;
        O_NOFOLLOW = generic ? 0x8000 : 0x20000;
    }

    private Sys() {
    }

    static byte[] c(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    /** openat2 with the root's confinement; a rename elsewhere in the tree may ask for a retry. */
    static int openInRoot(int rootFd, String path, int flags) throws IOException {
        Memory how = new Memory(24);
        how.setLong(0, flags & 0xffffffffL);
        how.setLong(8, 0);
        how.setLong(16, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
        byte[] p = c(path.isEmpty() ? "." : path);
        for (int attempt = 0; ; attempt++) {
            try {
                return (int) LibC.C.syscall(SYS_OPENAT2, rootFd, p, how, 24);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EAGAIN || attempt >= 16) {
                    throw error(e, path);
                }
            }
        }
    }

    static int openAt(int dirFd, String name, int flags, int mode) throws IOException {
        try {
            return LibC.C.openat(dirFd, c(name), flags, mode);
        } catch (LastErrorException e) {
            throw error(e, name);
        }
    }

    static void close(int fd) {
        try {
            LibC.C.close(fd);
        } catch (LastErrorException ignored) {
            // nothing to do about a failed close of a descriptor we only read through
        }
    }

    /** statx of {@code name} in {@code dirFd} ("" for the descriptor itself), never following a last symlink. */
    static FileStat stat(int dirFd, String name) throws IOException {
        Memory buf = new Memory(256);
        int flags = AT_SYMLINK_NOFOLLOW | (name.isEmpty() ? AT_EMPTY_PATH : 0);
        try {
            LibC.C.statx(dirFd, c(name), flags, STATX_BASIC_STATS, buf);
        } catch (LastErrorException e) {
            throw error(e, name);
        }
        return new FileStat(buf.getShort(28) & 0xffff, buf.getInt(20) & 0xffffffffL, buf.getInt(24) & 0xffffffffL,
                buf.getLong(40), ((long) buf.getInt(136) << 32) | (buf.getInt(140) & 0xffffffffL), buf.getLong(32),
                buf.getInt(16), buf.getInt(128), buf.getInt(132), buf.getLong(112) * 1_000_000_000L + buf.getInt(120));
    }

    static FileStat statOrNull(int dirFd, String name) throws IOException {
        try {
            return stat(dirFd, name);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static void mkdirAt(int dirFd, String name, int mode) throws IOException {
        try {
            LibC.C.mkdirat(dirFd, c(name), mode);
        } catch (LastErrorException e) {
            throw error(e, name);
        }
    }

    static void symlinkAt(String target, int dirFd, String name) throws IOException {
        try {
            LibC.C.symlinkat(c(target), dirFd, c(name));
        } catch (LastErrorException e) {
            throw error(e, name);
        }
    }

    static void linkAt(int fromDir, String fromName, int dirFd, String name) throws IOException {
        try {
            LibC.C.linkat(fromDir, c(fromName), dirFd, c(name), 0);
        } catch (LastErrorException e) {
            throw error(e, name);
        }
    }

    static void unlinkAt(int dirFd, String name, boolean directory) throws IOException {
        try {
            LibC.C.unlinkat(dirFd, c(name), directory ? AT_REMOVEDIR : 0);
        } catch (LastErrorException e) {
            throw error(e, name);
        }
    }

    static void chownAt(int dirFd, String name, long uid, long gid) throws IOException {
        try {
            LibC.C.fchownat(dirFd, c(name), (int) uid, (int) gid, AT_SYMLINK_NOFOLLOW | (name.isEmpty() ? AT_EMPTY_PATH : 0));
        } catch (LastErrorException e) {
            throw error(e, name);
        }
    }

    /** chmod through the descriptor's /proc link: the file it holds, never a path looked up again. */
    static void chmodFd(int fd, int mode, String name) throws IOException {
        try {
            LibC.C.chmod(c(procPath(fd)), mode);
        } catch (LastErrorException e) {
            throw error(e, name);
        }
    }

    static void setTimesAt(int dirFd, String name, long mtimeNanos) throws IOException {
        long sec = Math.floorDiv(mtimeNanos, 1_000_000_000L);
        long nsec = Math.floorMod(mtimeNanos, 1_000_000_000L);
        try {
            LibC.C.utimensat(dirFd, c(name), new long[] {sec, nsec, sec, nsec}, AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw error(e, name);
        }
    }

    static String readlinkAt(int dirFd, String name) throws IOException {
        byte[] buf = new byte[4096];
        long n;
        try {
            n = LibC.C.readlinkat(dirFd, c(name), buf, buf.length);
        } catch (LastErrorException e) {
            throw error(e, name);
        }
        return new String(buf, 0, (int) n, StandardCharsets.UTF_8);
    }

    static void mount(String source, int targetFd, long flags, String what) throws IOException {
        try {
            LibC.C.mount(source == null ? null : c(source), c(procPath(targetFd)), null, flags, null);
        } catch (LastErrorException e) {
            throw error(e, what);
        }
    }

    /** The names in a directory (not "." and ".."), read through a duplicate of its descriptor. */
    static List<String> list(int dirFd, String what) throws IOException {
        int dup;
        try {
            dup = LibC.C.dup(dirFd);
        } catch (LastErrorException e) {
            throw error(e, what);
        }
        Pointer dir;
        try {
            dir = LibC.C.fdopendir(dup);
        } catch (LastErrorException e) {
            close(dup);
            throw error(e, what);
        }
        List<String> names = new ArrayList<>();
        try {
            // the duplicate shares the offset: rewind, so that a second listing sees everything
            LibC.C.rewinddir(dir);
            for (Pointer e = LibC.C.readdir(dir); e != null; e = LibC.C.readdir(dir)) {
                // struct dirent64 on glibc: d_ino 8, d_off 8, d_reclen 2, d_type 1, d_name
                String name = e.getString(19, StandardCharsets.UTF_8.name());
                if (!name.equals(".") && !name.equals("..")) {
                    names.add(name);
                }
            }
        } finally {
            LibC.C.closedir(dir);
        }
        return names;
    }

    static String procPath(int fd) {
        return "/proc/self/fd/" + fd;
    }

    static IOException error(LastErrorException e, String path) {
        int errno = e.getErrorCode();
        String reason = strerror(errno);
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(path, null, reason);
            case 17 -> new FileAlreadyExistsException(path, null, reason);
            case 20 -> new NotDirectoryException(path);
            case 39 -> new DirectoryNotEmptyException(path);
            case 1, 13 -> new AccessDeniedException(path, null, reason);
            default -> new FileSystemException(path, null, reason);
        };
    }

    private static String strerror(int errno) {
        return switch (errno) {
            case 1 -> "Operation not permitted";
            case 2 -> "No such file or directory";
            case 13 -> "Permission denied";
            case 17 -> "File exists";
            case 18 -> "Invalid cross-device link";
            case 20 -> "Not a directory";
            case 21 -> "Is a directory";
            case 22 -> "Invalid argument";
            case 28 -> "No space left on device";
            case 30 -> "Read-only file system";
            case 36 -> "File name too long";
            case 39 -> "Directory not empty";
            case 40 -> "Too many levels of symbolic links";
            default -> "errno " + errno;
        };
    }

}
