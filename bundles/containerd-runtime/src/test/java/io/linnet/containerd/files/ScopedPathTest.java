package io.linnet.containerd.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopedPathTest {

    @TempDir
    Path root;

    @Test
    void cleansLikeGo() {
        assertEquals("/", ScopedPath.clean(""));
        assertEquals("/", ScopedPath.clean("/../.."));
        assertEquals("/etc", ScopedPath.clean("../../etc/"));
        assertEquals("/a/c", ScopedPath.clean("a//b/../c/."));
    }

    @Test
    void baseAndFollow() {
        assertEquals("etcl", ScopedPath.base("/d/etcl/"));
        assertEquals(".", ScopedPath.base("/d/."));
        assertEquals("/", ScopedPath.base("/"));
        assertTrue(ScopedPath.followsLast("/d/"));
        assertTrue(ScopedPath.followsLast("/d/."));
        assertFalse(ScopedPath.followsLast("/d"));
    }

    @Test
    void absoluteSymlinkResolvesInsideTheRoot() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("d"));
        Files.createSymbolicLink(root.resolve("d/etcl"), Path.of("/etc"));
        assertEquals("/etc/passwd", resolve("/d/etcl/passwd", true));
        assertEquals("/etc", resolve("/d/etcl", true));
        assertEquals("/d/etcl", resolve("/d/etcl", false));
    }

    @Test
    void dotDotSymlinkStopsAtTheRoot() throws IOException {
        Files.createDirectories(root.resolve("a/b"));
        Files.createSymbolicLink(root.resolve("a/b/up"), Path.of("../../../../../.."));
        Files.createSymbolicLink(root.resolve("a/b/rel"), Path.of("../../../../tmp/x"));
        assertEquals("/", resolve("/a/b/up", true));
        assertEquals("/etc/shadow", resolve("/a/b/up/etc/shadow", true));
        assertEquals("/tmp/x", resolve("/a/b/rel", true));
    }

    @Test
    void chainsOfLinksAndLoops() throws IOException {
        Files.createDirectories(root.resolve("x"));
        Files.createSymbolicLink(root.resolve("l1"), Path.of("l2"));
        Files.createSymbolicLink(root.resolve("l2"), Path.of("/x"));
        assertEquals("/x/f", resolve("/l1/f", true));
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("/loop1"));
        assertThrows(IOException.class, () -> resolve("/loop1/f", true));
    }

    @Test
    void missingComponentsStayAsWritten() throws IOException {
        assertEquals("/no/such/file", resolve("/no/such/file", true));
    }

    /** Resolution for naming goes through the confined root (the kernel's lookups) since the rewrite. */
    private String resolve(String path, boolean followLast) throws IOException {
        try (io.linnet.files.ConfinedRoot r = io.linnet.files.ConfinedRoot.open(root)) {
            return r.resolve(path, followLast);
        }
    }
}
