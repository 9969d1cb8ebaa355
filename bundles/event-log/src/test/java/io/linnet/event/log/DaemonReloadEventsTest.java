package io.linnet.event.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reload event's attributes as dockerd writes them: its names, lists as JSON, its defaults. */
class DaemonReloadEventsTest {
    @Test
    void attributesAsDockerdWritesThem() {
        Map<String, String> a = DaemonReloadEvents.attributes(Map.of("debug", "true",
                "registryMirrors", "https://a.example/,https://b.example/", "insecureRegistries", "",
                "labels", "site=\"x\"", "maxDownloadAttempts", "2"));
        assertEquals("true", a.get("debug"));
        assertEquals("[\"https://a.example/\",\"https://b.example/\"]", a.get("registry-mirrors"));
        assertEquals("[]", a.get("insecure-registries"));
        assertEquals("[\"site=\\\"x\\\"\"]", a.get("labels"));
        assertEquals("2", a.get("max-download-attempts"));
        assertEquals("3", a.get("max-concurrent-downloads"));
        assertEquals("15", a.get("shutdown-timeout"));
        assertEquals("false", a.get("live-restore"));
        assertEquals("io.containerd.runc.v2:runc runc:runc", a.get("runtimes"));
        assertEquals("runc", a.get("default-runtime"));
    }

    @Test
    void reloadedRuntimesLiveRestoreAndShutdownTimeout() {
        Map<String, String> a = DaemonReloadEvents.attributes(Map.of("runtimes",
                "{\"logged\":\"/opt/logged-runc\",\"crun\":\"/usr/bin/crun\"}", "defaultRuntime", "crun",
                "liveRestore", "true", "shutdownTimeout", "4", "defaultCgroupnsMode", "private",
                "defaultShmSize", "100663296"));
        assertEquals("io.containerd.runc.v2:runc runc:runc crun:/usr/bin/crun logged:/opt/logged-runc",
                a.get("runtimes"));
        assertEquals("crun", a.get("default-runtime"));
        assertEquals("true", a.get("live-restore"));
        assertEquals("4", a.get("shutdown-timeout"));
        assertEquals("private", a.get("default-cgroupns-mode"));
        assertEquals("100663296", a.get("default-shm-size"));
    }
}
