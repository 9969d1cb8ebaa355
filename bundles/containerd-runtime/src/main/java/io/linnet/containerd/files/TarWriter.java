package io.linnet.containerd.files;

import io.linnet.files.ConfinedDir;
import io.linnet.files.ConfinedRoot;
import io.linnet.files.FileStat;
import io.linnet.files.TarEntryBody;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes a tree of a container's file system as a tar stream, file by file: symlinks stay
 * symlinks, hard links after the first become link entries, as moby's archive package writes them.
 * The walk goes from directory descriptor to directory descriptor inside a confined root, so a
 * container that swaps a directory for a link meanwhile cannot make it read outside.
 */
final class TarWriter implements AutoCloseable {

    private final ConfinedRoot root;
    private final TarArchiveOutputStream tar;
    private final Set<String> notDescended;
    private final Map<String, String> firstNames = new HashMap<>();

    /**
     * @param notDescended container paths written as an entry but not walked (a running container's /proc)
     */
    TarWriter(ConfinedRoot root, OutputStream out, Set<String> notDescended) {
        this.root = root;
        this.notDescended = notDescended;
        this.tar = new TarArchiveOutputStream(out, 32 * 1024);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** Writes the container path {@code path} (resolved, clean) and what is below it, named {@code name}. */
    void write(String path, String name) throws IOException {
        if (path.equals("/")) {
            try (ConfinedDir dir = root.dir()) {
                header(dir.stat(), name, null);
                tar.closeArchiveEntry();
                children(dir, path, name, 0);
            }
            return;
        }
        try (ConfinedRoot.Entry e = root.entry(path)) {
            write(e.parent(), e.name(), path, name, 0);
        }
    }

    /** The children of the root only (docker export: the root itself has no entry). */
    void writeChildren() throws IOException {
        try (ConfinedDir dir = root.dir()) {
            for (String child : dir.list()) {
                write(dir, child, "/" + child, child, 1);
            }
        }
    }

    private void write(ConfinedDir parent, String entry, String path, String name, int depth) throws IOException {
        FileStat stat = parent.lstat(entry);
        TarArchiveEntry e = header(stat, name, stat.isSymlink() ? parent.readlink(entry) : null);
        if (e == null) {
            return;
        }
        if (e.isFile() && e.getSize() > 0) {
            try (InputStream in = parent.read(entry)) {
                TarEntryBody.copy(in, e.getSize(), tar);
            }
        }
        tar.closeArchiveEntry();
        if (stat.isDirectory()) {
            if (depth > ConfinedDir.MAX_DEPTH) {
                throw new FileSystemException(path, null, "directory tree too deep");
            }
            try (ConfinedDir dir = parent.dir(entry)) {
                children(dir, path, name, depth);
            }
        }
    }

    private void children(ConfinedDir dir, String path, String name, int depth) throws IOException {
        if (notDescended.contains(path)) {
            return;
        }
        for (String child : dir.list()) {
            String childName = name.equals("/") ? child : (name.endsWith("/") ? name + child : name + "/" + child);
            write(dir, child, ScopedPath.join(path, child), childName, depth + 1);
        }
    }

    /** Puts the entry's header (the caller writes the data and closes it); null for a socket, which has no tar form. */
    private TarArchiveEntry header(FileStat stat, String name, String linkTarget) throws IOException {
        TarArchiveEntry e;
        switch (stat.type()) {
            case FileStat.S_IFDIR -> e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
            case FileStat.S_IFLNK -> {
                e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
                e.setLinkName(linkTarget);
            }
            case FileStat.S_IFREG -> {
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
            case FileStat.S_IFCHR, FileStat.S_IFBLK -> {
                e = new TarArchiveEntry(name, stat.type() == FileStat.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK, true);
                e.setDevMajor(stat.rdevMajor());
                e.setDevMinor(stat.rdevMinor());
            }
            case FileStat.S_IFIFO -> e = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
            default -> {
                return null;
            }
        }
        e.setMode(stat.permissions());
        e.setUserId(stat.uid());
        e.setGroupId(stat.gid());
        e.setModTime(stat.mtimeMillis());
        tar.putArchiveEntry(e);
        return e;
    }

    /** Ends the archive (the output stream stays the caller's to close). */
    @Override
    public void close() throws IOException {
        tar.finish();
        tar.flush();
    }
}
