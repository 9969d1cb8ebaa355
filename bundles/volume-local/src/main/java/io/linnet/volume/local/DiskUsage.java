package io.linnet.volume.local;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/** Tree sizes and removal that never follow symbolic links. */
final class DiskUsage {
    private DiskUsage() {
    }

    /**
     * moby's directory.Size: the sizes of everything but directories (symbolic links count their
     * own size), hard links counted once; entries that vanish during the walk are ignored.
     */
    static long size(Path dir) throws IOException {
        long[] total = {0};
        Set<Object> seen = new HashSet<>();
        Files.walkFileTree(dir, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        long s = attrs.size();
                        if (attrs.isDirectory() || s == 0) {
                            return FileVisitResult.CONTINUE;
                        }
                        Object key = attrs.fileKey();
                        if (key == null || seen.add(key)) {
                            total[0] += s;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof NoSuchFileException && !file.equals(dir)) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
        return total[0];
    }

    /** Deletes a tree; symbolic links are removed, never followed. A missing tree is no error. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        Files.deleteIfExists(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }
}
