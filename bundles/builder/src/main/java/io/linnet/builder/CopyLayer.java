package io.linnet.builder;

import io.linnet.engine.api.InvalidParameterException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * COPY/ADD as a layer: the sources (paths or globs inside {@code root}, never outside) written as
 * an uncompressed tar at their destination, with the digest of what was copied for the cache.
 */
final class CopyLayer {
    private final Path root;
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
    CopyLayer(Path root, String dest, int uid, int gid, int chmod) {
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

    /** The files the sources name, in order; glob patterns expand as filepath.Match does. */
    List<Path> sources(List<String> patterns, String instruction) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String pattern : patterns) {
            String clean = normalise(pattern);
            if (clean.chars().anyMatch(c -> c == '*' || c == '?' || c == '[')) {
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + clean);
                List<Path> matched = new ArrayList<>();
                try (Stream<Path> all = Files.walk(root)) {
                    all.filter(p -> !p.equals(root) && matcher.matches(root.relativize(p))).sorted().forEach(matched::add);
                }
                if (matched.isEmpty()) {
                    throw new InvalidParameterException(instruction + " failed: no source files were specified");
                }
                out.addAll(matched);
            } else {
                Path p = clean.isEmpty() ? root : root.resolve(clean).normalize();
                if (!p.startsWith(root) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new InvalidParameterException(instruction + " failed: file not found in build context or "
                            + "excluded by .dockerignore: stat " + pattern + ": file does not exist");
                }
                out.add(p);
            }
        }
        return out;
    }

    private static String normalise(String pattern) {
        String c = io.linnet.builder.context.DockerIgnore.cleanPath(pattern);
        if (c.startsWith("/")) {
            c = c.substring(1);
        }
        return c.equals(".") ? "" : c;
    }

    /** Writes the layer; returns the digest of the copied content (names, modes, bytes). */
    String write(List<Path> sources, OutputStream out, String instruction) throws IOException {
        boolean destIsDir = dest.endsWith("/") || sources.size() > 1 || Files.isDirectory(sources.get(0));
        if (sources.size() > 1 && !dest.endsWith("/")) {
            throw new InvalidParameterException("When using " + instruction
                    + " with more than one source file, the destination must be a directory and end with a /");
        }
        String base = trimSlash(dest);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        parents(tar, destIsDir ? base : parentOf(base));
        for (Path source : sources) {
            if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                // the directory's contents go to dest; dest itself is made 0755 (above), as dockerd's mkdirAll
                try (Stream<Path> all = Files.walk(source)) {
                    for (Path p : (Iterable<Path>) all.sorted()::iterator) {
                        if (!p.equals(source)) {
                            entry(tar, p, join(base, source.relativize(p).toString()), false);
                        }
                    }
                }
            } else {
                String name = destIsDir ? join(base, source.getFileName().toString()) : base;
                entry(tar, source, name, false);
            }
        }
        tar.finish();
        tar.flush();
        return "sha256:" + HexFormat.of().formatHex(contentHash.digest());
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

    private void entry(TarArchiveOutputStream tar, Path file, String name, boolean destDir) throws IOException {
        if (!written.add(name)) {
            return;
        }
        int mode = chmod >= 0 && !Files.isSymbolicLink(file) ? chmod : mode(file);
        TarArchiveEntry e;
        byte[] link = new byte[0];
        if (Files.isSymbolicLink(file)) {
            e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            String target = Files.readSymbolicLink(file).toString();
            e.setLinkName(target);
            link = target.getBytes(StandardCharsets.UTF_8);
            e.setMode(0120777);
        } else if (Files.isDirectory(file)) {
            e = new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR);
            e.setMode(040000 | mode);
        } else {
            e = new TarArchiveEntry(name);
            e.setMode(0100000 | mode);
            e.setSize(Files.size(file));
        }
        e.setIds(Math.max(uid, 0), Math.max(gid, 0));
        e.setModTime(Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis());
        contentHash.update((name + "\0" + e.getMode() + "\0" + uid + ":" + gid + "\0").getBytes(StandardCharsets.UTF_8));
        contentHash.update(link);
        tar.putArchiveEntry(e);
        if (e.isFile()) {
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    tar.write(buf, 0, n);
                    contentHash.update(buf, 0, n);
                }
            }
        }
        tar.closeArchiveEntry();
    }

    private static int mode(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            return 0777;
        }
        int mode = 0;
        for (PosixFilePermission p : Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)) {
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
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
