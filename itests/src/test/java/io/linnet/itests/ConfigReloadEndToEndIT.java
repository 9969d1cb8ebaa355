package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * SIGHUP reloads daemon.json as dockerd does: the live settings (registry mirrors, insecure registries,
 * debug, labels, download attempts...) change in place with a {@code reload} daemon event, running
 * containers and the daemon's process stay; a file that does not load is refused, logged, and the running
 * configuration stays.
 */
@WithLinnet(removeContainers = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigReloadEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    private static Path configFile() {
        return daemon.root.resolve("daemon.json");
    }

    private static void hangUp() throws Exception {
        Commands.run("kill", "-HUP", Long.toString(daemon.pid())).assertSuccess();
    }

    /** The daemon events since {@code since}, waiting up to 10 s for at least {@code count}. */
    private static List<JsonNode> daemonEvents(long since, int count) throws Exception {
        List<JsonNode> events = List.of();
        for (int i = 0; i < 50 && events.size() < count; i++) {
            Thread.sleep(200);
            String out = daemon.docker("events", "--since", Long.toString(since), "--until",
                    Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "type=daemon", "--format",
                    "{{json .}}").assertSuccess().stdout();
            events = Commands.lines(out).stream().map(ConfigReloadEndToEndIT::parse).toList();
        }
        return events;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }

    private static long refusals() throws Exception {
        return daemon.logText().lines().filter(l -> l.contains("Error reloading the configuration")).count();
    }

    private static String mirrors() throws Exception {
        return daemon.docker("info", "--format", "{{json .RegistryConfig.Mirrors}}").assertSuccess().stdout().trim();
    }

    @Test
    @Order(1)
    void sighupReloadsMirrorsDebugAndLabelsWithoutRestartingContainers() throws Exception {
        String id = daemon.docker("run", "-d", "--name", "survivor", "busybox", "sleep", "300").assertSuccess()
                .stdout().trim();
        String pidBefore = daemon.docker("inspect", "-f", "{{.State.Pid}}", id).assertSuccess().stdout().trim();
        assertEquals("[]", mirrors());

        long since = Instant.now().getEpochSecond();
        Files.writeString(configFile(), """
                {"registry-mirrors": ["https://mirror.example.com"], "insecure-registries": ["10.20.0.0/16"],
                 "debug": true, "labels": ["site=lab"], "max-download-attempts": 2}
                """);
        hangUp();
        List<JsonNode> events = daemonEvents(since, 1);
        assertEquals(1, events.size(), events.toString());
        JsonNode reload = events.get(0);
        assertEquals("reload", reload.path("Action").asText());
        JsonNode attributes = reload.path("Actor").path("Attributes");
        assertEquals("[\"https://mirror.example.com/\"]", attributes.path("registry-mirrors").asText());
        assertEquals("[\"10.20.0.0/16\"]", attributes.path("insecure-registries").asText());
        assertEquals("true", attributes.path("debug").asText());
        assertEquals("[\"site=lab\"]", attributes.path("labels").asText());
        assertEquals("2", attributes.path("max-download-attempts").asText());
        String engineId = daemon.docker("info", "--format", "{{.ID}}").assertSuccess().stdout().trim();
        assertEquals(engineId, reload.path("Actor").path("ID").asText());

        assertEquals("[\"https://mirror.example.com/\"]", mirrors());
        assertEquals("true [site=lab]", daemon.docker("info", "--format", "{{.Debug}} {{.Labels}}").assertSuccess()
                .stdout().trim());
        String cidrs = daemon.docker("info", "--format", "{{json .RegistryConfig.InsecureRegistryCIDRs}}")
                .assertSuccess().stdout();
        assertTrue(cidrs.contains("10.20.0.0/16"), cidrs);
        // the container ran on untouched, in the same process, under the same daemon
        assertEquals("true " + pidBefore, daemon.docker("inspect", "-f", "{{.State.Running}} {{.State.Pid}}", id)
                .assertSuccess().stdout().trim());
        assertTrue(daemon.process().isAlive());
    }

    @Test
    @Order(2)
    void aFileThatDoesNotLoadIsRefusedAndTheRunningConfigurationStays() throws Exception {
        long since = Instant.now().getEpochSecond();
        int refused = 0;
        for (String broken : List.of("{\"registry-mirrors\": [\"https://other.example.com\"", // cut short
                "{\"registry-mirrors\": [\"https://other.example.com\"], \"no-such-option\": true}",
                "{\"registry-mirrors\": [\"ftp://other.example.com\"]}")) {
            Files.writeString(configFile(), broken);
            hangUp();
            // the next file is written only once this one is read: a file read while being rewritten is
            // another (empty) file
            refused++;
            for (int i = 0; i < 100 && refusals() < refused; i++) {
                Thread.sleep(100);
            }
            assertEquals(refused, refusals(), daemon.logText());
        }
        Thread.sleep(3000); // FileInstall would have passed a change on by now
        assertEquals(List.of(), daemonEvents(since, 0), "no reload event for refused files");
        assertEquals("[\"https://mirror.example.com/\"]", mirrors());
        String log = daemon.logText();
        assertTrue(log.contains("Error reloading the configuration"), log);
        assertTrue(log.contains("the following directives don't match any configuration option: no-such-option"), log);
        assertTrue(log.contains("invalid mirror: unsupported scheme \"ftp\""), log);
        assertEquals("true", daemon.docker("inspect", "-f", "{{.State.Running}}", "survivor").assertSuccess()
                .stdout().trim());
        daemon.docker("rm", "-f", "survivor").assertSuccess();
    }
}
