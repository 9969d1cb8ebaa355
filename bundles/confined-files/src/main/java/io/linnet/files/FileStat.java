package io.linnet.files;

/**
 * What statx(2) says of a file, never following a last symlink.
 *
 * @param dev   the device, for telling hard links apart (major in the high half)
 * @param mtime nanoseconds since the epoch
 */
public record FileStat(int mode, long uid, long gid, long size, long dev, long ino, int nlink, int rdevMajor,
                       int rdevMinor, long mtime) {

    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 060000;
    public static final int S_IFDIR = 040000;
    public static final int S_IFCHR = 020000;
    public static final int S_IFIFO = 010000;

    public int type() {
        return mode & S_IFMT;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    public boolean isSymlink() {
        return type() == S_IFLNK;
    }

    public boolean isRegular() {
        return type() == S_IFREG;
    }

    /** overlayfs marks a deleted lower file with a 0/0 character device in the upper layer. */
    public boolean isWhiteout() {
        return type() == S_IFCHR && rdevMajor == 0 && rdevMinor == 0;
    }

    public int permissions() {
        return mode & 07777;
    }

    public long mtimeMillis() {
        return Math.floorDiv(mtime, 1_000_000L);
    }
}
