package io.linnet.containerd.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistributionSourcesTest {

    private static final String KEY = "containerd.io/distribution.source.reg:5000";

    @Test
    void repositoriesPerRegistryNewestFirst() {
        Map<String, String> labels = Map.of(KEY, "team/app,other/copy", "containerd.io/distribution.source.docker.io",
                "library/busybox");
        assertEquals(List.of("other/copy", "team/app"), DistributionSources.repositories(labels, "reg:5000"));
        assertEquals(List.of("library/busybox"), DistributionSources.repositories(labels, "docker.io"));
        assertEquals(List.of(), DistributionSources.repositories(labels, "elsewhere:1"));
    }

    @Test
    void aRepositoryIsAddedOnceAndTheLabelStaysUnderContainerdsLimit() {
        assertEquals(Map.entry(KEY, "team/app"), DistributionSources.withRepository(Map.of(), "reg:5000", "team/app"));
        assertEquals(Map.entry(KEY, "team/app,b"),
                DistributionSources.withRepository(Map.of(KEY, "team/app"), "reg:5000", "b"));
        assertNull(DistributionSources.withRepository(Map.of(KEY, "team/app,b"), "reg:5000", "b"), "nothing to add");
        String many = String.join(",", java.util.Collections.nCopies(1, "x".repeat(3990)));
        var label = DistributionSources.withRepository(Map.of(KEY, many), "reg:5000", "new/repo");
        assertTrue(label.getValue().length() <= 4000 && label.getValue().endsWith("new/repo"), label.getValue());
    }
}
