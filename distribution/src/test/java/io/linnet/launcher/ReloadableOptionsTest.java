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

    @Test
    void aReloadableKeyTheNewFileLeavesOutKeepsItsRunningValueAsInDockerd() {
        Map<String, Object> running = DaemonConfigFile.parse("""
                {"live-restore": true, "shutdown-timeout": 4, "default-runtime": "crun",
                 "runtimes": {"crun": {"path": "/usr/bin/crun"}}, "max-download-attempts": 2}""", "daemon.json");
        DaemonOptions next = DaemonOptions.merge(Map.of(), ConfigReload.withKept(Map.of(), running));
        assertEquals(true, next.liveRestore());
        assertEquals(4, next.shutdownTimeout());
        assertEquals("crun", next.defaults().defaultRuntime());
        assertEquals(Map.of("crun", "/usr/bin/crun"), next.defaults().runtimes());
        assertEquals(5, next.maxDownloadAttempts(), "the download limits go back to their defaults");
        DaemonOptions changed = DaemonOptions.merge(Map.of(), ConfigReload.withKept(
                DaemonConfigFile.parse("{\"live-restore\": false, \"default-runtime\": \"runc\"}", "daemon.json"),
                running));
        assertEquals(false, changed.liveRestore());
        assertEquals("runc", changed.defaults().defaultRuntime());
    }

    @Test
    void aDefaultRuntimeWithoutItsRuntimeIsRefused() {
        Map<String, Object> running = DaemonConfigFile.parse(
                "{\"runtimes\": {\"crun\": {\"path\": \"/usr/bin/crun\"}}}", "daemon.json");
        assertEquals("specified default runtime 'nope' does not exist", assertThrows(IllegalArgumentException.class,
                () -> DaemonOptions.merge(Map.of(), ConfigReload.withKept(
                        DaemonConfigFile.parse("{\"default-runtime\": \"nope\"}", "daemon.json"), running)))
                .getMessage());
    }
}
