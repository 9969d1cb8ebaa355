package io.linnet.api.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.Filters;
import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.image.ImageInspect;
import io.linnet.api.model.image.ImageSummary;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.api.image.ImageConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageViewsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Image image(List<String> tags, Map<String, String> labels, String created) {
        ImageConfig config = new ImageConfig("", "", "", List.of("PATH=/bin"), List.of("sh"), List.of(), "", labels,
                List.of("80/tcp"), List.of(), "", null, List.of(), List.of(), false);
        return new Image("sha256:" + "a".repeat(64), tags, List.of(), "", "", Instant.parse(created), "", "",
                "amd64", "", "linux", config, List.of("sha256:" + "b".repeat(64)), 1234, List.of(1234L), "sha256:" + "c".repeat(64),
                null);
    }

    private static Filters filters(String json) {
        return Filters.parse(json, text -> JSON.readValue(text, Object.class));
    }

    @Test
    void summaryHasDockerdsPlaceholdersAndOnlyOldApisGetVirtualSize() throws Exception {
        ImageSummary s = ImageViews.summary(image(List.of("busybox:latest"), Map.of(), "2026-01-01T00:00:00Z"), false);
        assertEquals(-1, s.containers());
        assertEquals(-1, s.sharedSize());
        assertEquals(1767225600L, s.created());
        assertNull(s.labels());
        assertFalse(JSON.writeValueAsString(s).contains("VirtualSize"));
        assertTrue(JSON.writeValueAsString(ImageViews.summary(image(List.of(), Map.of(), "2026-01-01T00:00:00Z"), true))
                .contains("\"VirtualSize\":1234"));
    }

    @Test
    void inspectConfigUsesGoNilsAndDockerSets() throws Exception {
        ImageInspect i = ImageViews.inspect(image(List.of("busybox:latest"), Map.of(), "2026-01-01T00:00:00.5Z"), false);
        assertEquals("2026-01-01T00:00:00.5Z", i.created());
        ContainerConfig c = i.config();
        assertEquals(List.of("sh"), c.cmd());
        assertNull(c.entrypoint());
        assertEquals(Map.of("80/tcp", Map.of()), c.exposedPorts());
        String json = JSON.writeValueAsString(i);
        assertTrue(json.contains("\"Entrypoint\":null"), json);
        assertTrue(json.contains("\"RootFS\":{\"Type\":\"layers\",\"Layers\":[\"sha256:"), json);
        assertEquals("0001-01-01T00:00:00Z", i.metadata().lastTagTime());
    }

    @Test
    void listFilters() {
        Image a = image(List.of("busybox:latest"), Map.of("tier", "base"), "2026-01-01T00:00:00Z");
        Image b = image(List.of("localhost:5000/app:1"), Map.of(), "2026-02-01T00:00:00Z");
        Image dangling = image(List.of(), Map.of(), "2026-03-01T00:00:00Z");
        var byRef = ImageFilters.forList(filters("{\"reference\":[\"busy*\"]}"), r -> null);
        assertTrue(byRef.test(a));
        assertFalse(byRef.test(b));
        assertTrue(ImageFilters.forList(filters("{\"reference\":[\"localhost:5000/app\"]}"), r -> null).test(b));
        var danglingOnly = ImageFilters.forList(filters("{\"dangling\":[\"true\"]}"), r -> null);
        assertTrue(danglingOnly.test(dangling));
        assertFalse(danglingOnly.test(a));
        assertTrue(ImageFilters.forList(filters("{\"label\":[\"tier=base\"]}"), r -> null).test(a));
        assertFalse(ImageFilters.forList(filters("{\"label\":[\"tier\"]}"), r -> null).test(b));
        var since = ImageFilters.forList(filters("{\"since\":[\"busybox\"]}"), r -> Instant.parse("2026-01-01T00:00:00Z"));
        assertFalse(since.test(a));
        assertTrue(since.test(b));
    }

    @Test
    void sharedSizeCountsLayersOtherImagesUseToo() {
        ImageConfig none = ImageConfig.empty();
        Image base = new Image("sha256:1", List.of("a:1"), List.of(), "", "", null, "", "", "amd64", "", "linux", none,
                List.of("sha256:l1"), 100, List.of(100L), "m1", null);
        Image child = new Image("sha256:2", List.of("b:1"), List.of(), "", "", null, "", "", "amd64", "", "linux", none,
                List.of("sha256:l1", "sha256:l2"), 150, List.of(100L, 50L), "m2", null);
        // Same top layer content on another base is a different layer.
        Image other = new Image("sha256:3", List.of("c:1"), List.of(), "", "", null, "", "", "amd64", "", "linux", none,
                List.of("sha256:l9", "sha256:l2"), 80, List.of(30L, 50L), "m3", null);
        Map<String, Long> shared = ImageViews.sharedSizes(List.of(base, child, other));
        assertEquals(100L, shared.get("sha256:1"));
        assertEquals(100L, shared.get("sha256:2"));
        assertEquals(0L, shared.get("sha256:3"));
    }
}
