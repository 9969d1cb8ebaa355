package io.linnet.builder;

import io.linnet.engine.api.InvalidParameterException;
import io.linnet.files.ConfinedDir;
import io.linnet.files.ConfinedRoot;
import io.linnet.files.FileStat;
import io.linnet.files.Names;
import io.linnet.files.TarEntryBody;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * COPY/ADD as a layer: the sources (paths or globs inside the context or a stage's file system)
 * written as an uncompressed tar at their destination, with the digest of what was copied for the
 * cache. Sources are looked up inside that root by the kernel: a link in the context or in an
 * image (to "/", to "../..") is taken as it would be inside the root, never on the host.
 */
final class CopyLayer {
    private final ConfinedRoot root;
    private final String dest;
    private final int uid;
    private final int gid;
    /** --chmod: the mode of everything copied, or -1 to keep the source's. */
    private final int chmod;
    private final MessageDigest contentHash;
    private final Set<String> written = new LinkedHashSet<>();

    /**
     * @param dest absolute destination ("/app/" is a directory, as is every destination of a directory)
     */
    CopyLayer(ConfinedRoot root, String dest, int uid, int gid, int chmod) {
        this.chmod = chmod;
        this.root = root;
        this.dest = dest;
        this.uid = uid;
        this.gid = gid;
        try {
            this.contentHash = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The paths the sources name inside the root ("/" for the root itself), in order; glob patterns
     * expand as filepath.Match does.
     */
    List<String> sources(List<String> patterns, String instruction) throws IOException {
        List<String> out = new ArrayList<>();
        for (String pattern : patterns) {
            String clean = io.linnet.builder.context.DockerIgnore.cleanPath(pattern);
            if (clean.equals("..") || clean.startsWith("../")) {
                throw new InvalidParameterException("forbidden path outside the build context: " + pattern + " ()");
            }
            String relative = normalise(clean);
            if (relative.chars().anyMatch(c -> c == '*' || c == '?' || c == '[')) {
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + relative);
                List<String> matched = new ArrayList<>();
                try (ConfinedDir top = root.dir()) {
                    collect(top, "", matcher, matched, 0);
                }
                if (matched.isEmpty()) {
                    throw new InvalidParameterException(instruction + " failed: no source files were specified");
                }
                matched.sort(null);
                matched.forEach(m -> out.add("/" + m));
            } else {
                try {
                    root.stat(relative);
                } catch (FileSystemException e) {
                    throw new InvalidParameterException(instruction + " failed: file not found in build context or "
                            + "excluded by .dockerignore: stat " + pattern + ": file does not exist");
                }
                out.add(Names.clean(relative));
            }
        }
        return out;
    }

    /** Every path below {@code dir} (relative to the root) that the glob matches; links are not entered. */
    private static void collect(ConfinedDir dir, String prefix, PathMatcher matcher, List<String> matched, int depth)
            throws IOException {
        if (depth > ConfinedDir.MAX_DEPTH) {
            throw new FileSystemException(prefix, null, "directory tree too deep");
        }
        for (String name : dir.list()) {
            String rel = prefix.isEmpty() ? name : prefix + "/" + name;
            if (matcher.matches(Path.of(rel))) {
                matched.add(rel);
            }
            FileStat st = dir.lstatOrNull(name);
            if (st != null && st.isDirectory()) {
                try (ConfinedDir child = dir.dir(name)) {
                    collect(child, rel, matcher, matched, depth + 1);
                }
            }
        }
    }

    private static String normalise(String clean) {
        String c = clean;
        if (c.startsWith("/")) {
            c = c.substring(1);
        }
        return c.equals(".") ? "" : c;
    }

    /** Whether the source (followed inside the root) is a directory. */
    boolean isDirectory(String source) throws IOException {
        return root.stat(source).isDirectory();
    }

    /** Writes the layer; returns the digest of the copied content (names, modes, bytes). */
    String write(List<String> sources, OutputStream out, String instruction) throws IOException {
        boolean destIsDir = dest.endsWith("/") || sources.size() > 1 || isDirectory(sources.get(0));
        if (sources.size() > 1 && !dest.endsWith("/")) {
            throw new InvalidParameterException("When using " + instruction
                    + " with more than one source file, the destination must be a directory and end with a /");
        }
        String base = trimSlash(dest);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        parents(tar, destIsDir ? base : parentOf(base));
        for (String source : sources) {
            // a source that is a link is followed (inside the root), as dockerd copies what it names
            if (isDirectory(source)) {
                // the directory's contents go to dest; dest itself is made 0755 (above), as dockerd's mkdirAll
                try (ConfinedDir dir = root.dir(source)) {
                    tree(tar, dir, base, 0);
                }
            } else {
                String name = destIsDir ? join(base, Names.base(source)) : base;
                try (ConfinedRoot.Entry e = root.entry(root.resolve(source, true))) {
                    entry(tar, e.parent(), e.name(), name);
                }
            }
        }
        tar.finish();
        tar.flush();
        return "sha256:" + HexFormat.of().formatHex(contentHash.digest());
    }

    /** What is below a directory, in name order, as moby walks it; links are written as links. */
    private void tree(TarArchiveOutputStream tar, ConfinedDir dir, String base, int depth) throws IOException {
        if (depth > ConfinedDir.MAX_DEPTH) {
            throw new FileSystemException(dir.path(), null, "directory tree too deep");
        }
        for (String child : dir.list()) {
            String name = join(base, child);
            FileStat st = entry(tar, dir, child, name);
            if (st != null && st.isDirectory()) {
                try (ConfinedDir sub = dir.dir(child)) {
                    tree(tar, sub, name, depth + 1);
                }
            }
        }
    }

    private void parents(TarArchiveOutputStream tar, String dir) throws IOException {
        if (dir.isEmpty()) {
            return;
        }
        StringBuilder path = new StringBuilder();
        for (String part : dir.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            path.append(path.length() == 0 ? "" : "/").append(part);
            if (written.add(path.toString())) {
                TarArchiveEntry e = new TarArchiveEntry(path + "/", TarArchiveEntry.LF_DIR);
                e.setMode(040755);
                e.setModTime(System.currentTimeMillis());
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
        }
    }

    /** One entry of {@code dir}, never followed; sockets, devices and FIFOs are left out. Returns its stat. */
    private FileStat entry(TarArchiveOutputStream tar, ConfinedDir dir, String file, String name) throws IOException {
        FileStat st;
        try {
            st = dir.lstat(file);
        } catch (NoSuchFileException gone) {
            return null;
        }
        if (!(st.isRegular() || st.isDirectory() || st.isSymlink()) || !written.add(name)) {
            return st;
        }
        int mode = chmod >= 0 && !st.isSymlink() ? chmod : st.isSymlink() ? 0777 : st.permissions() & 0777;
        TarArchiveEntry e;
        byte[] link = new byte[0];
        if (st.isSymlink()) {
            e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            String target = dir.readlink(file);
            e.setLinkName(target);
            link = target.getBytes(StandardCharsets.UTF_8);
            e.setMode(0120777);
        } else if (st.isDirectory()) {
            e = new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR);
            e.setMode(040000 | mode);
        } else {
            e = new TarArchiveEntry(name);
            e.setMode(0100000 | mode);
            e.setSize(st.size());
        }
        e.setIds(Math.max(uid, 0), Math.max(gid, 0));
        e.setModTime(st.mtimeMillis());
        contentHash.update((name + "\0" + e.getMode() + "\0" + uid + ":" + gid + "\0").getBytes(StandardCharsets.UTF_8));
        contentHash.update(link);
        tar.putArchiveEntry(e);
        if (st.isRegular()) {
            copy(tar, dir, file, st.size());
        }
        tar.closeArchiveEntry();
        return st;
    }

    /** Exactly the size in the header, hashed as it goes: a file that changed size must not break the tar. */
    private void copy(TarArchiveOutputStream tar, ConfinedDir dir, String file, long size) throws IOException {
        try (InputStream in = dir.read(file)) {
            TarEntryBody.copy(in, size, tar, contentHash::update);
        }
    }

    private static String trimSlash(String path) {
        String s = path;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String join(String base, String rel) {
        return base.isEmpty() ? rel : base + "/" + rel;
    }
}
