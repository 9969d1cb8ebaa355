package io.linnet.builder.context;

import io.linnet.engine.api.InvalidParameterException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/** A build context: the request's tar stream extracted into a directory, never outside it. */
public final class BuildContext implements AutoCloseable {
    private final Path root;

    private BuildContext(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Extracts a plain, gzip, bzip2 or xz tar stream into {@code dir} (empty, owned by the caller). */
    public static BuildContext extract(InputStream body, Path dir) throws IOException {
        Path root = dir.toRealPath();
        BuildContext context = new BuildContext(root);
        InputStream in = new BufferedInputStream(body, 64 * 1024);
        in.mark(16);
        try {
            String kind = CompressorStreamFactory.detect(in);
            in = new CompressorStreamFactory().createCompressorInputStream(kind, in);
        } catch (CompressorException notCompressed) {
            in.reset();
        }
        TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
        try {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                context.write(tar, e);
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("rror detected parsing the header")) {
                throw new InvalidParameterException("the build context is not a tar archive");
            }
            throw e;
        }
        return context;
    }

    /** The context path for a name inside it; null when it would escape. */
    public Path resolve(String name) {
        String clean = DockerIgnore.clean("/" + name);
        Path p = root.resolve(clean.substring(1)).normalize();
        return p.startsWith(root) ? p : null;
    }

    private void write(TarArchiveInputStream tar, TarArchiveEntry e) throws IOException {
        Path target = resolve(e.getName());
        if (target == null || target.equals(root) && !e.isDirectory()) {
            throw new InvalidParameterException("invalid path in build context: " + e.getName());
        }
        if (target.equals(root)) {
            return;
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        if (!parent.toRealPath().startsWith(root)) {
            throw new InvalidParameterException("invalid path in build context: " + e.getName());
        }
        if (e.isDirectory()) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(target);
                Files.createDirectory(target);
            }
        } else if (e.isSymbolicLink()) {
            Files.deleteIfExists(target);
            Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            return;
        } else if (e.isLink()) {
            Path source = resolve(e.getLinkName());
            if (source == null || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidParameterException("invalid hard link in build context: " + e.getName());
            }
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        } else if (e.isFile()) {
            Files.deleteIfExists(target);
            Files.copy(tar, target);
        } else {
            return; // devices and fifos have no place in a context
        }
        Files.setPosixFilePermissions(target, permissions(e.getMode()));
        Files.setLastModifiedTime(target, FileTime.from(e.getLastModifiedDate().toInstant()));
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(all[i]);
            }
        }
        return set;
    }

    /** Removes what .dockerignore excludes, keeping the paths in {@code keep}. */
    public void applyIgnore(DockerIgnore ignore, Set<String> keep) throws IOException {
        if (ignore.isEmpty()) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = root.relativize(file).toString();
                if (!keep.contains(rel) && ignore.excludes(rel)) {
                    Files.delete(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (!dir.equals(root) && ignore.excludes(root.relativize(dir).toString())) {
                    try (Stream<Path> children = Files.list(dir)) {
                        if (children.findAny().isEmpty()) {
                            Files.delete(dir);
                        }
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void close() {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
