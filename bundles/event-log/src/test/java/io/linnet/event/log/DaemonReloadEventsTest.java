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
    }
}
