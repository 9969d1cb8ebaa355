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
        CopyLayer layer = new CopyLayer(root, dest, uid, uid, chmod);
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
        CopyLayer first = new CopyLayer(root, "/x", 0, 0, -1);
        String d1 = first.write(first.sources(List.of("a.txt"), "COPY"), new ByteArrayOutputStream(), "COPY");
        Files.writeString(root.resolve("a.txt"), "changed");
        CopyLayer second = new CopyLayer(root, "/x", 0, 0, -1);
        String d2 = second.write(second.sources(List.of("a.txt"), "COPY"), new ByteArrayOutputStream(), "COPY");
        assertNotEquals(d1, d2);
    }
}
