package io.linnet.containerd.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/** lstat(2) of a host path: what tar headers and the path stat need. */
record UnixStat(int mode, long uid, long gid, long size, long dev, long ino, int nlink, long rdev, FileTime mtime) {

    static UnixStat of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,size,dev,ino,nlink,rdev,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        return new UnixStat(n(a, "mode").intValue(), n(a, "uid").longValue(), n(a, "gid").longValue(),
                n(a, "size").longValue(), n(a, "dev").longValue(), n(a, "ino").longValue(), n(a, "nlink").intValue(),
                n(a, "rdev").longValue(), (FileTime) a.get("lastModifiedTime"));
    }

    private static Number n(Map<String, Object> attributes, String name) {
        return (Number) attributes.get(name);
    }

    int type() {
        return mode & GoFileMode.S_IFMT;
    }

    boolean isDirectory() {
        return type() == GoFileMode.S_IFDIR;
    }

    boolean isSymlink() {
        return type() == GoFileMode.S_IFLNK;
    }

    boolean isRegular() {
        return type() == GoFileMode.S_IFREG;
    }

    /** overlayfs marks a deleted lower file with a 0/0 character device in the upper layer. */
    boolean isWhiteout() {
        return type() == GoFileMode.S_IFCHR && rdev == 0;
    }

    int permissions() {
        return mode & 07777;
    }
}
