package io.linnet.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linnet.engine.api.image.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCacheTest {
    @TempDir
    Path root;

    @Test
    void recordsCountTheirUsesAndReadTheFirstFormat() throws Exception {
        BuildCache cache = new BuildCache(root);
        String key = BuildCache.key("sha256:p", "RUN x", "");
        cache.put(key, "sha256:a", "/bin/sh -c x");
        assertEquals("sha256:a", cache.get(key).orElseThrow());
        assertEquals("sha256:a", cache.get(key).orElseThrow());
        BuildCache.Entry e = cache.entries().get(0);
        assertEquals(2, e.usageCount());
        assertEquals("/bin/sh -c x", e.description());
        assertFalse(e.lastUsedAt().isBefore(e.createdAt()));

        String old = BuildCache.key("sha256:p", "RUN y", "");
        Files.writeString(root.resolve("builder/cache").resolve(old), "sha256:b");
        assertEquals("sha256:b", cache.get(old).orElseThrow());
        assertEquals(2, cache.entries().size());
        assertTrue(cache.remove(old));
        assertEquals(1, cache.entries().size());
    }

    private static Image image(String id, String parent, List<String> tags, String... diffIds) {
        return new Image(id, tags, List.of(), parent, "", null, "", "", "amd64", "", "linux", null, List.of(diffIds),
                diffIds.length, List.of(), "", null);
    }

    @Test
    void aTaggedImageSharesTheImagesItsLayersStartWith() {
        Image base = image("base", "", List.of("busybox:latest"), "l1");
        Image step = image("step", "base", List.of(), "l1", "l2");
        Image meta = image("meta", "step", List.of(), "l1", "l2");
        Image tagged = image("tagged", "", List.of("app:1"), "l1", "l2", "l3"); // its parent label is gone
        Image loose = image("loose", "base", List.of(), "l1", "l9");
        Map<String, Image> byId = Map.of("base", base, "step", step, "meta", meta, "tagged", tagged, "loose", loose);
        Set<String> shared = BuildCacheManager.sharedWith(byId, List.of(base, tagged));
        assertEquals(Set.of("base", "step", "meta", "tagged"), shared);
    }
}
