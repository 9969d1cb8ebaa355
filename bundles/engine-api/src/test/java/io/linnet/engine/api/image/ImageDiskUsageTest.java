package io.linnet.engine.api.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageDiskUsageTest {

    @Test
    void aLayerIsSharedOnlyOnTheSameBase() {
        Image base = image("sha256:a", List.of("sha256:l1"), List.of(100L));
        Image app = image("sha256:b", List.of("sha256:l1", "sha256:l2"), List.of(100L, 50L));
        // l2 again, but on another base: another layer
        Image other = image("sha256:c", List.of("sha256:l9", "sha256:l2"), List.of(30L, 50L));

        ImageDiskUsage usage = ImageDiskUsage.of(List.of(base, app, other), List.of(container("sha256:b"),
                container("sha256:b")));

        assertEquals(100 + 50 + 30 + 50, usage.layersSize());
        assertEquals(100, usage.images().get(0).sharedSize());
        assertEquals(100, usage.images().get(1).sharedSize());
        assertEquals(0, usage.images().get(2).sharedSize());
        assertEquals(List.of(0, 2, 0), usage.images().stream().map(ImageDiskUsage.Entry::containers).toList());
    }

    private static Image image(String id, List<String> diffIds, List<Long> sizes) {
        return new Image(id, List.of(), List.of(), "", "", null, "", "", "amd64", "", "linux", ImageConfig.empty(),
                diffIds, sizes.stream().mapToLong(Long::longValue).sum(), sizes, "", null);
    }

    private static Container container(String imageId) {
        return new Container("c", "/c", "x", imageId, null, "", List.of(), null, null, null, false, false, false,
                ContainerState.created(), 0, "", List.of());
    }
}
