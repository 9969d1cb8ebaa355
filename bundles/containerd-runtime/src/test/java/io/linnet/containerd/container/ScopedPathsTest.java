package io.linnet.containerd.container;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScopedPathsTest {

    @TempDir
    Path root;

    @Test
    void linksAndDotDotStayInsideTheRoot() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("srv/data"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../etc"));
        Files.createSymbolicLink(root.resolve("srv/rel"), Path.of("data"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));

        assertEquals(root.resolve("etc"), ScopedPaths.resolve(root, "/abs"));
        assertEquals(root.resolve("etc"), ScopedPaths.resolve(root, "/up"));
        assertEquals(root.resolve("etc/passwd"), ScopedPaths.resolve(root, "/../../abs/passwd"));
        assertEquals(root.resolve("srv/data/x"), ScopedPaths.resolve(root, "/srv/rel/x"));
        assertEquals(root, ScopedPaths.resolve(root, "/"));
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> ScopedPaths.resolve(root, "/loop"));
    }
}
