package io.linnet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings a SIGHUP reloads, checked as dockerd checks them. */
class ReloadableOptionsTest {
    private static DaemonOptions file(String json) {
        return DaemonOptions.merge(Map.of(), DaemonConfigFile.parse(json, "daemon.json"));
    }

    @Test
    void dockerdDefaults() {
        DaemonOptions o = file("{}");
        assertEquals(List.of(), o.labels());
        assertEquals(3, o.maxConcurrentDownloads());
        assertEquals(5, o.maxConcurrentUploads());
        assertEquals(15, o.shutdownTimeout());
    }

    @Test
    void labelsAreKeyValueWithOneValuePerKey() {
        assertEquals(List.of("a=1", "b="), file("{\"labels\": [\"a=1\", \"b=\", \"a=1\"]}").labels());
        assertEquals(List.of("x=y"), DaemonOptions.merge(CommandLine.parse(new String[] {"--label", "x=y"}), Map.of())
                .labels());
        assertEquals("bad attribute format: nokey",
                assertThrows(IllegalArgumentException.class, () -> file("{\"labels\": [\"nokey\"]}")).getMessage());
        assertEquals("conflict labels for a=2 and a=1", assertThrows(IllegalArgumentException.class,
                () -> file("{\"labels\": [\"a=1\", \"a=2\"]}")).getMessage());
    }

    @Test
    void negativeConcurrencyIsRefused() {
        assertEquals("invalid max concurrent downloads: -1", assertThrows(IllegalArgumentException.class,
                () -> file("{\"max-concurrent-downloads\": -1}")).getMessage());
        assertEquals(0, file("{\"max-concurrent-uploads\": 0}").maxConcurrentUploads());
        assertEquals(-1, file("{\"shutdown-timeout\": -1}").shutdownTimeout());
    }
}
