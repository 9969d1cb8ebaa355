package io.linnet.api.model.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.linnet.api.model.DockerTime;
import io.linnet.api.model.image.ImageInspect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ContainerInspectTest {

    /** Reading dockerd's inspect and writing it back gives dockerd's inspect (as API 1.43 writes it). */
    @ParameterizedTest
    @ValueSource(strings = {"inspect-created-minimal-v1.41.json", "inspect-created-full-v1.41.json",
            "inspect-created-bare-body-v1.41.json"})
    void roundTripsDockerdInspect(String name) {
        ContainerInspect inspect = Golden.read(name, ContainerInspect.class);
        JsonNode expected = Golden.inspectAs143(Golden.read(name));
        JsonNode actual = Golden.tree(inspect);
        assertEquals(expected, actual);
        assertEquals(fieldNames(expected), fieldNames(actual), "field order");
    }

    @Test
    void nullsEmptiesAndOmissionsAsDockerdWritesThem() {
        JsonNode plain = Golden.tree(Golden.read("inspect-created-minimal-v1.41.json", ContainerInspect.class));
        assertTrue(plain.get("ExecIDs").isNull());
        assertTrue(plain.get("Args").isArray() && plain.get("Args").isEmpty());
        assertTrue(plain.get("Mounts").isArray() && plain.get("Mounts").isEmpty());
        assertFalse(plain.has("SizeRw"));
        assertFalse(plain.has("SizeRootFs"));
        assertFalse(plain.get("State").has("Health"));
        assertFalse(plain.get("HostConfig").has("Init"));
        assertFalse(plain.get("HostConfig").has("Mounts"));
        assertFalse(plain.get("HostConfig").has("Tmpfs"));
        assertFalse(plain.get("HostConfig").has("Annotations"));
        assertFalse(plain.get("HostConfig").has("KernelMemory"));
        assertTrue(plain.get("HostConfig").get("MemorySwappiness").isNull());
        assertTrue(plain.get("NetworkSettings").get("SecondaryIPAddresses").isNull());
        assertTrue(plain.get("NetworkSettings").get("Ports").isObject());
        assertTrue(plain.get("NetworkSettings").get("Networks").get("bridge").get("Aliases").isNull());
        JsonNode full = Golden.tree(Golden.read("inspect-created-full-v1.41.json", ContainerInspect.class));
        assertEquals(0, full.get("SizeRw").asLong());
        assertTrue(full.has("SizeRootFs"));
        assertFalse(full.get("Mounts").get(0).has("Name"));
        assertEquals("local", full.get("Mounts").get(1).get("Driver").asText());
        assertEquals("{\"Type\":\"tmpfs\",\"Target\":\"/m\",\"TmpfsOptions\":{\"SizeBytes\":1000}}",
                full.get("HostConfig").get("Mounts").get(0).toString());
        assertTrue(full.get("HostConfig").get("Init").asBoolean());
    }

    /** What an endpoint builds for a freshly created container has dockerd's shape. */
    @Test
    void builtFromPartsLikeDockerd() {
        JsonNode golden = Golden.read("inspect-created-minimal-v1.41.json");
        // the create defaults are the engine's (containerd-runtime's CreateDefaultsTest): here the stored value
        HostConfig hc = Golden.JSON.convertValue(
                Golden.withoutSystemPathDefaults(Golden.hostConfigAs143(golden.get("HostConfig"))), HostConfig.class);
        String id = "2".repeat(64);
        ContainerConfig cfg = new ContainerConfig("222222222222", "", "", false, true, true, null, false, false,
                false, List.of("PATH=/usr/bin:/bin"), List.of("sh"), null, null, "cmpbox", null, "", null, null,
                null, null, Map.of("a", "b"), null, null, null);
        ContainerInspect built = new ContainerInspect(id, "2026-01-02T03:04:05.123456789Z", "sh", List.of(),
                ContainerState.created(), "sha256:18025230a9a6c299e16a35e4b521326a0bde456216f50cfe6cac4af5f0f28729",
                "", "", "", "", "/lnt-plain", 0, "overlay2", "linux", "", "", "", List.of(), hc,
                Golden.JSON.convertValue(golden.get("GraphDriver"), ImageInspect.GraphDriver.class), null, null, null,
                cfg, NetworkSettings.of(Map.of("bridge", EndpointSettings.zero()), null));
        assertEquals(Golden.inspectWithoutSystemPathDefaults(Golden.inspectCreatedBy24(golden)), Golden.tree(built));
    }

    @Test
    void stateAndHealth() {
        ContainerState running = new ContainerState("running", true, false, false, false, false, 42, 0, "",
                "2026-01-02T03:04:05.1Z", DockerTime.ZERO, new Health("healthy", 0, null));
        JsonNode t = Golden.tree(running);
        assertEquals("{\"Status\":\"healthy\",\"FailingStreak\":0,\"Log\":[]}", t.get("Health").toString());
        assertEquals("Up 5 minutes (healthy)", running.statusText(Duration.ofMinutes(5), Duration.ZERO, false));
        assertEquals("Created", ContainerState.created().statusText(Duration.ZERO, Duration.ZERO, false));
        ContainerState exited = new ContainerState("exited", false, false, false, false, false, 0, 137, "",
                "2026-01-02T03:04:05.1Z", "2026-01-02T03:05:05.1Z", null);
        assertEquals("Exited (137) 2 days ago", exited.statusText(Duration.ZERO, Duration.ofHours(50), false));
        assertEquals("Less than a second", ContainerState.humanDuration(Duration.ofMillis(999)));
        assertEquals("About a minute", ContainerState.humanDuration(Duration.ofSeconds(119)));
        assertEquals("About an hour", ContainerState.humanDuration(Duration.ofMinutes(89)));
        assertEquals("2 hours", ContainerState.humanDuration(Duration.ofMinutes(91)));
        assertEquals("3 weeks", ContainerState.humanDuration(Duration.ofDays(21)));
        assertEquals("2 years", ContainerState.humanDuration(Duration.ofDays(800)));
        HealthcheckResult r = new HealthcheckResult("2026-01-02T03:04:05.1Z", "2026-01-02T03:04:05.2Z", 0, "ok\n");
        assertEquals("{\"Start\":\"2026-01-02T03:04:05.1Z\",\"End\":\"2026-01-02T03:04:05.2Z\",\"ExitCode\":0,\"Output\":\"ok\\n\"}",
                Golden.tree(r).toString());
    }

    @Test
    void smallResponses() throws Exception {
        assertEquals("{\"StatusCode\":0}", Golden.JSON.writeValueAsString(ContainerWaitResponse.of(0)));
        assertEquals("{\"Error\":{\"Message\":\"boom\"},\"StatusCode\":1}", Golden.JSON.writeValueAsString(
                new ContainerWaitResponse(new ContainerWaitResponse.WaitError("boom"), 1)));
        assertEquals("{\"Id\":\"abc\",\"Warnings\":[]}",
                Golden.JSON.writeValueAsString(new ContainerCreateResponse("abc", null)));
        assertEquals("{\"Warnings\":null}", Golden.JSON.writeValueAsString(new UpdateResponse(null)));
        assertEquals("[{\"Path\":\"/tmp\",\"Kind\":0}]",
                Golden.JSON.writeValueAsString(List.of(new ChangeItem("/tmp", ChangeItem.MODIFIED))));
        assertEquals("{\"Processes\":[[\"root\",\"1\"]],\"Titles\":[\"UID\",\"PID\"]}", Golden.JSON.writeValueAsString(
                new TopResponse(List.of(List.of("root", "1")), List.of("UID", "PID"))));
        assertEquals(ContainerWaitResponse.of(3), Golden.JSON.readValue("{\"Error\":null,\"StatusCode\":3}",
                ContainerWaitResponse.class));
    }

    @Test
    void goZeroValuesNeverNull() {
        JsonNode zero = Golden.tree(HostConfig.zero());
        assertEquals("{\"Type\":\"\",\"Config\":null}", zero.get("LogConfig").toString());
        assertEquals("{\"Name\":\"\",\"MaximumRetryCount\":0}", zero.get("RestartPolicy").toString());
        assertEquals("[0,0]", zero.get("ConsoleSize").toString());
        assertEquals("", zero.get("NetworkMode").asText());
        assertTrue(zero.get("Binds").isNull());
        assertNull(HostConfig.zero().init());
        assertFalse(zero.has("Runtime"));
        assertFalse(zero.has("Init"));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
