package io.linnet.builder;

import io.linnet.engine.api.InvalidParameterException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CopyLayerTest {
    @TempDir
    Path root;

    private Map<String, TarArchiveEntry> entries(String dest, List<String> sources, int uid, int chmod) throws Exception {
        CopyLayer layer = new CopyLayer(confined(), dest, uid, uid, chmod);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        layer.write(layer.sources(sources, "COPY"), out, "COPY");
        Map<String, TarArchiveEntry> map = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                map.put(e.getName(), e);
            }
        }
        return map;
    }

    @Test
    void fileDirectoryAndGlobDestinations() throws Exception {
        Files.writeString(root.resolve("a.txt"), "a");
        Files.writeString(root.resolve("b.txt"), "b");
        Files.createDirectories(root.resolve("conf/sub"));
        Files.writeString(root.resolve("conf/sub/x.conf"), "x");

        assertEquals(List.of("app/", "app/renamed"), List.copyOf(entries("/app/renamed", List.of("a.txt"), 0, -1).keySet()));
        assertEquals(List.of("app/", "app/a.txt"), List.copyOf(entries("/app/", List.of("a.txt"), 0, -1).keySet()));
        assertEquals(List.of("etc/", "etc/conf/", "etc/conf/sub/", "etc/conf/sub/x.conf"),
                List.copyOf(entries("/etc/conf", List.of("conf"), 0, -1).keySet()));
        assertEquals(List.of("d/", "d/a.txt", "d/b.txt"), List.copyOf(entries("/d/", List.of("*.txt"), 0, -1).keySet()));
    }

    @Test
    void ownerAndModeApply() throws Exception {
        Files.writeString(root.resolve("a.txt"), "a");
        TarArchiveEntry e = entries("/app/", List.of("a.txt"), 1000, 0755).get("app/a.txt");
        assertEquals(1000, e.getLongUserId());
        assertEquals(0755, e.getMode() & 07777);
    }

    @Test
    void multipleSourcesNeedADirectoryAndMissingSourcesFail() throws Exception {
        Files.writeString(root.resolve("a.txt"), "a");
        Files.writeString(root.resolve("b.txt"), "b");
        var e = assertThrows(InvalidParameterException.class, () -> entries("/app", List.of("a.txt", "b.txt"), 0, -1));
        assertEquals("When using COPY with more than one source file, the destination must be a directory and end with a /",
                e.getMessage());
        assertThrows(InvalidParameterException.class, () -> entries("/app/", List.of("missing"), 0, -1));
        assertThrows(InvalidParameterException.class, () -> entries("/app/", List.of("../../etc/passwd"), 0, -1));
    }

    @Test
    void contentDigestFollowsContent() throws Exception {
        Files.writeString(root.resolve("a.txt"), "a");
        CopyLayer first = new CopyLayer(confined(), "/x", 0, 0, -1);
        String d1 = first.write(first.sources(List.of("a.txt"), "COPY"), new ByteArrayOutputStream(), "COPY");
        Files.writeString(root.resolve("a.txt"), "changed");
        CopyLayer second = new CopyLayer(confined(), "/x", 0, 0, -1);
        String d2 = second.write(second.sources(List.of("a.txt"), "COPY"), new ByteArrayOutputStream(), "COPY");
        assertNotEquals(d1, d2);
    }

    /** The test's root, opened at its first use and closed after the test. */
    @org.junit.jupiter.api.AutoClose
    private io.linnet.files.ConfinedRoot confinedRoot;

    private io.linnet.files.ConfinedRoot confined() throws java.io.IOException {
        if (confinedRoot == null) {
            confinedRoot = io.linnet.files.ConfinedRoot.open(root);
        }
        return confinedRoot;
    }

    /** COPY s/root/secret.txt with s -> / in the context: looked up inside the context, not on the host. */
    @Test
    void linksToTheHostAreTakenInsideTheContext() throws Exception {
        Path secret = Files.writeString(Files.createTempFile("linnet-secret", ".txt"), "host secret");
        try {
            Files.createSymbolicLink(root.resolve("s"), Path.of("/"));
            Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../../../../.."));
            Files.createDirectories(root.resolve("d"));
            Files.createSymbolicLink(root.resolve("d/etc"), Path.of("/etc"));
            var e = assertThrows(InvalidParameterException.class, () -> entries("/x", List.of("s" + secret), 0, -1));
            assertEquals("COPY failed: file not found in build context or excluded by .dockerignore: stat s" + secret
                    + ": file does not exist", e.getMessage());
            assertThrows(InvalidParameterException.class, () -> entries("/x", List.of("up" + secret), 0, -1));
            assertThrows(InvalidParameterException.class, () -> entries("/x", List.of("d/etc/hostname"), 0, -1));
            // a directory holding links out copies the links as links
            Map<String, TarArchiveEntry> tree = entries("/y/", List.of("d"), 0, -1);
            assertEquals("/etc", tree.get("y/etc").getLinkName());
        } finally {
            Files.deleteIfExists(secret);
        }
    }
}
