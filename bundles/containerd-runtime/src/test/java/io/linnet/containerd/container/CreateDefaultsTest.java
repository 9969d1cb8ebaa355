package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.api.model.container.ContainerCreateRequest;
import io.linnet.api.model.container.HostConfig;
import io.linnet.api.model.container.LogConfig;
import io.linnet.api.model.container.Resources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** dockerd's create defaults, against what dockerd itself stored (api-model's golden files). */
class CreateDefaultsTest {

    /** Captured from dockerd 20.10 and the docker CLI 28; api-model's tests own them. */
    private static final Path GOLDEN = Path.of("..", "api-model", "src", "test", "resources", "dockerd");

    private static JsonNode golden(String name) throws IOException {
        return ContainerRecords.MAPPER.readTree(GOLDEN.resolve(name).toFile());
    }

    private static JsonNode tree(Object value) throws IOException {
        return ContainerRecords.MAPPER.readTree(ContainerRecords.MAPPER.writeValueAsString(value));
    }

    /**
     * dockerd 20.10's stored HostConfig as moby v24 (API 1.43) writes it, without the MaskedPaths and
     * ReadonlyPaths defaults (those are SystemPaths', from the host).
     */
    private static JsonNode stored143(String inspect) throws IOException {
        ObjectNode hc = golden(inspect).get("HostConfig").deepCopy();
        for (String omitEmpty : new String[] {"KernelMemory", "KernelMemoryTCP"}) {
            if (hc.path(omitEmpty).asLong() == 0) {
                hc.remove(omitEmpty);
            }
        }
        hc.putNull("MaskedPaths");
        hc.putNull("ReadonlyPaths");
        return hc;
    }

    @Test
    void theClisMinimalBodyIsStoredAsDockerdStoresIt() throws IOException {
        ContainerCreateRequest req = ContainerRecords.MAPPER.treeToValue(golden("cli28-create-minimal-v1.43.json"),
                ContainerCreateRequest.class);
        // the reference daemon runs on cgroup v1
        HostConfig stored = CreateDefaults.dockerd(false).apply(req.hostConfig());
        assertEquals(stored143("inspect-created-minimal-v1.41.json"), tree(stored));
    }

    @Test
    void aBodyWithoutHostConfigGetsGosZeroValueWithDefaultsButNoRuntime() throws IOException {
        assertEquals(stored143("inspect-created-bare-body-v1.41.json"), tree(CreateDefaults.dockerd(false).apply(null)));
        assertEquals("private", CreateDefaults.dockerd(true).apply(null).cgroupnsMode());
        assertEquals("", CreateDefaults.dockerd(true).apply(null).runtime());
    }

    @Test
    void whatTheClientSetIsKept() {
        HostConfig hc = HostConfig.zero().toBuilder().shmSize(5).ipcMode("host").privileged(true)
                .logConfig(new LogConfig("local", null))
                .resources(Resources.zero().toBuilder().memory(100).memorySwap(-1).memorySwappiness(10L).pidsLimit(-1L)
                        .kernelMemory(7).build())
                .build();
        HostConfig stored = new CreateDefaults(true, "runc", new LogConfig("json-file", Map.of("max-file", "3")))
                .apply(hc);
        assertEquals(-1, stored.resources().memorySwap());
        assertEquals(5, stored.shmSize());
        assertEquals("host", stored.ipcMode());
        assertEquals(new LogConfig("local", Map.of()), stored.logConfig(), "the daemon's options are its driver's");
        assertEquals(10L, stored.resources().memorySwappiness());
        assertNull(stored.resources().pidsLimit());
        assertEquals(0, stored.resources().kernelMemory());
        assertEquals("runc", stored.runtime());
        assertEquals("default", stored.networkMode());
        assertEquals(false, stored.resources().oomKillDisable());
    }

    @Test
    void hostPidIpcOrPrivilegedDisableLabelsUnlessTheClientNamedOne() {
        CreateDefaults d = CreateDefaults.dockerd(true);
        HostConfig pidHost = HostConfig.zero().toBuilder().pidMode("host").securityOpt(List.of("no-new-privileges")).build();
        assertEquals(List.of("no-new-privileges", "label=disable"), d.apply(pidHost).securityOpt()); // dockerd 20.10's
        HostConfig labelled = HostConfig.zero().toBuilder().privileged(true).securityOpt(List.of("label=level:s0")).build();
        assertEquals(List.of("label=level:s0"), d.apply(labelled).securityOpt());
        assertNull(d.apply(HostConfig.zero()).securityOpt());
    }

    @Test
    void swapDefaultsToTwiceTheMemoryAndTheDaemonsLogOptionsFillIn() {
        HostConfig hc = HostConfig.zero().toBuilder().logConfig(new LogConfig("", Map.of("max-size", "1m")))
                .resources(Resources.zero().toBuilder().memory(100).build()).build();
        HostConfig stored = new CreateDefaults(false, "runc",
                new LogConfig("json-file", Map.of("max-file", "3", "max-size", "9m"))).apply(hc);
        assertEquals(200, stored.resources().memorySwap());
        assertEquals(new LogConfig("json-file", Map.of("max-size", "1m", "max-file", "3")), stored.logConfig());
        assertEquals("host", stored.cgroupnsMode(), "cgroup v1");
        assertEquals(HostConfig.DEFAULT_SHM_SIZE, stored.shmSize());
        assertEquals("private", stored.ipcMode());
    }

    @Test
    void theDaemonsConfiguredDefaultsFillWhatTheClientLeftUnset() {
        var daemon = new io.linnet.containerd.config.EngineDefaults("local", Map.of("max-size", "2m"), List.of(),
                128L << 20, "private", "crun", Map.of("crun", "/usr/bin/crun"), false, 15, "/linnet", false, "");
        HostConfig stored = CreateDefaults.of(daemon, false).apply(HostConfig.zero());
        assertEquals(128L << 20, stored.shmSize());
        assertEquals("private", stored.cgroupnsMode(), "the daemon's mode, also on cgroup v1");
        assertEquals("crun", stored.runtime());
        assertEquals(new LogConfig("local", Map.of("max-size", "2m")), stored.logConfig());
        HostConfig own = CreateDefaults.of(daemon, false).apply(HostConfig.zero().toBuilder().shmSize(1024)
                .cgroupnsMode("host").runtime("runc").build());
        assertEquals(1024, own.shmSize());
        assertEquals("host", own.cgroupnsMode());
        assertEquals("runc", own.runtime());
    }
}
