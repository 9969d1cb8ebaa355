package io.linnet.containerd.files;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a tree of a container's file system as a tar stream, file by file: symlinks stay
 * symlinks, hard links after the first become link entries, as moby's archive package writes them.
 */
final class TarWriter implements AutoCloseable {

    private final Path root;
    private final TarArchiveOutputStream tar;
    private final Set<String> notDescended;
    private final Map<String, String> firstNames = new HashMap<>();

    /**
     * @param root         the container's root on the host
     * @param notDescended container paths written as an entry but not walked (a running container's /proc)
     */
    TarWriter(Path root, OutputStream out, Set<String> notDescended) {
        this.root = root;
        this.notDescended = notDescended;
        this.tar = new TarArchiveOutputStream(out, 32 * 1024);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** Writes the container path {@code path} (resolved, clean) and what is below it, named {@code name}. */
    void write(String path, String name) throws IOException {
        Path host = ScopedPath.host(root, path);
        UnixStat stat = UnixStat.of(host);
        entry(host, stat, name);
        if (stat.isDirectory() && !notDescended.contains(path)) {
            for (String child : children(host)) {
                write(ScopedPath.join(path, child), name.equals("/") ? child : (name.endsWith("/") ? name + child : name + "/" + child));
            }
        }
    }

    private static List<String> children(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                names.add(p.getFileName().toString());
            }
        }
        names.sort(null); // Go's filepath.Walk order
        return names;
    }

    private void entry(Path host, UnixStat stat, String name) throws IOException {
        TarArchiveEntry e;
        switch (stat.type()) {
            case GoFileMode.S_IFDIR -> e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
            case GoFileMode.S_IFLNK -> {
                e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
                e.setLinkName(Files.readSymbolicLink(host).toString());
            }
            case GoFileMode.S_IFREG -> {
                String key = stat.dev() + ":" + stat.ino();
                String first = stat.nlink() > 1 ? firstNames.putIfAbsent(key, name) : null;
                if (first != null) {
                    e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
                    e.setLinkName(first);
                } else {
                    e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
                    e.setSize(stat.size());
                }
            }
            case GoFileMode.S_IFCHR, GoFileMode.S_IFBLK -> {
                e = new TarArchiveEntry(name, stat.type() == GoFileMode.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK, true);
                e.setDevMajor((int) ((stat.rdev() >> 8) & 0xfff));
                e.setDevMinor((int) ((stat.rdev() & 0xff) | ((stat.rdev() >> 12) & 0xfff00)));
            }
            case GoFileMode.S_IFIFO -> e = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
            default -> {
                return; // sockets have no tar form
            }
        }
        e.setMode(stat.permissions());
        e.setUserId(stat.uid());
        e.setGroupId(stat.gid());
        e.setModTime(stat.mtime());
        tar.putArchiveEntry(e);
        if (e.isFile() && e.getSize() > 0) {
            try (InputStream in = Files.newInputStream(host, LinkOption.NOFOLLOW_LINKS)) {
                copy(in, e.getSize());
            }
        }
        tar.closeArchiveEntry();
    }

    /** Exactly the size in the header: a file that grew or shrank meanwhile must not break the stream. */
    private void copy(InputStream in, long size) throws IOException {
        byte[] buf = new byte[32 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                break;
            }
            tar.write(buf, 0, n);
            left -= n;
        }
        byte[] zeros = new byte[(int) Math.min(buf.length, Math.max(left, 0))];
        while (left > 0) {
            int n = (int) Math.min(zeros.length, left);
            tar.write(zeros, 0, n);
            left -= n;
        }
    }

    /** Ends the archive (the output stream stays the caller's to close). */
    @Override
    public void close() throws IOException {
        tar.finish();
        tar.flush();
    }
}
