package io.linnet.containerd.files;

/** Unix st_mode to Go's os.FileMode bits, which dockerd puts in the container path stat. */
final class GoFileMode {

    static final int S_IFMT = 0170000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFLNK = 0120000;
    static final int S_IFREG = 0100000;
    static final int S_IFBLK = 0060000;
    static final int S_IFDIR = 0040000;
    static final int S_IFCHR = 0020000;
    static final int S_IFIFO = 0010000;

    static final long DIR = 1L << 31;
    static final long SYMLINK = 1L << 27;
    static final long DEVICE = 1L << 26;
    static final long NAMED_PIPE = 1L << 25;
    static final long SOCKET = 1L << 24;
    static final long SETUID = 1L << 23;
    static final long SETGID = 1L << 22;
    static final long CHAR_DEVICE = 1L << 21;
    static final long STICKY = 1L << 20;

    private GoFileMode() {
    }

    static long of(int unixMode) {
        long mode = unixMode & 0777;
        switch (unixMode & S_IFMT) {
            case S_IFDIR -> mode |= DIR;
            case S_IFLNK -> mode |= SYMLINK;
            case S_IFBLK -> mode |= DEVICE;
            case S_IFCHR -> mode |= DEVICE | CHAR_DEVICE;
            case S_IFIFO -> mode |= NAMED_PIPE;
            case S_IFSOCK -> mode |= SOCKET;
            default -> {
            }
        }
        if ((unixMode & 04000) != 0) {
            mode |= SETUID;
        }
        if ((unixMode & 02000) != 0) {
            mode |= SETGID;
        }
        if ((unixMode & 01000) != 0) {
            mode |= STICKY;
        }
        return mode;
    }
}
