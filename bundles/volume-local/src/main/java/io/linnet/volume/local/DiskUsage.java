package io.linnet.volume.local;

import io.linnet.files.ConfinedDir;
import io.linnet.files.ConfinedRoot;
import io.linnet.files.FileStat;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Tree sizes and removal of a volume's directory. What is below it is the containers' to change,
 * so it is walked by directory descriptors inside a confined root: a directory swapped for a link
 * meanwhile is never followed out of the volume.
 */
final class DiskUsage {
    private DiskUsage() {
    }

    /**
     * moby's directory.Size: the sizes of everything but directories (symbolic links count their
     * own size), hard links counted once; entries that vanish during the walk are ignored.
     */
    static long size(Path dir) throws IOException {
        try (ConfinedRoot root = ConfinedRoot.open(dir); ConfinedDir top = root.dir()) {
            return size(top, new HashSet<>(), 0);
        }
    }

    private static long size(ConfinedDir dir, Set<String> seen, int depth) throws IOException {
        if (depth > ConfinedDir.MAX_DEPTH) {
            throw new FileSystemException(dir.path(), null, "directory tree too deep");
        }
        long total = 0;
        for (String name : dir.list()) {
            FileStat st = dir.lstatOrNull(name);
            if (st == null) {
                continue;
            }
            if (st.isDirectory()) {
                try (ConfinedDir child = dir.dir(name)) {
                    total += size(child, seen, depth + 1);
                } catch (NoSuchFileException gone) {
                    // removed while we looked
                }
            } else if (st.size() > 0 && seen.add(st.dev() + ":" + st.ino())) {
                total += st.size();
            }
        }
        return total;
    }

    /** Deletes a tree; symbolic links are removed, never followed. A missing tree is no error. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (ConfinedRoot root = ConfinedRoot.open(dir); ConfinedDir top = root.dir()) {
            for (String name : top.list()) {
                try {
                    top.deleteTree(name);
                } catch (NoSuchFileException gone) {
                    // removed meanwhile
                }
            }
        }
        Files.deleteIfExists(dir);
    }
}
