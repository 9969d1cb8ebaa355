package io.linnet.api.model.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerCreateRequestTest {

    @Test
    void readsTheMinimalBodyOfTheCli() {
        ContainerCreateRequest req = Golden.read("cli28-create-minimal-v1.43.json", ContainerCreateRequest.class);
        assertEquals("cmpbox", req.image());
        assertEquals(List.of("sh"), req.cmd());
        assertNull(req.entrypoint());
        assertNull(req.env());
        assertEquals(Map.of(), req.volumes());
        assertEquals(Map.of(), req.labels());
        assertTrue(req.attachStdout());
        HostConfig hc = req.hostConfig();
        assertEquals("default", hc.networkMode());
        assertEquals(new RestartPolicy("no", 0), hc.restartPolicy());
        assertEquals(new LogConfig("", Map.of()), hc.logConfig());
        assertEquals(-1L, hc.resources().memorySwappiness());
        assertEquals(0L, hc.resources().pidsLimit());
        assertEquals(Boolean.FALSE, hc.resources().oomKillDisable());
        assertEquals(List.of(0L, 0L), hc.consoleSize());
        assertNull(hc.maskedPaths());
        assertEquals(List.of(), hc.dns());
        assertEquals(Map.of(), hc.portBindings());
        assertEquals(List.of("default"), List.copyOf(req.networkingConfig().endpointsConfig().keySet()));
        assertEquals(EndpointSettings.zero(), req.networkingConfig().endpointsConfig().get("default"));
    }

    @Test
    void readsTheFullBodyOfTheCli() {
        ContainerCreateRequest req = Golden.read("cli28-create-full-v1.43.json", ContainerCreateRequest.class);
        assertEquals(List.of("/bin/sh"), req.entrypoint());
        assertEquals(List.of("-c", "echo hi"), req.cmd());
        assertEquals(5, req.stopTimeout());
        assertTrue(req.tty() && req.openStdin() && req.stdinOnce() && req.attachStdin());
        assertEquals(List.of("CMD-SHELL", "true"), req.healthcheck().test());
        assertEquals(5_000_000_000L, req.healthcheck().interval());
        assertEquals(Map.of("80/tcp", Map.of(), "90/udp", Map.of()), req.exposedPorts());
        HostConfig hc = req.hostConfig();
        assertEquals("mynet", hc.networkMode());
        assertEquals(Map.of("a.b", "c"), hc.annotations());
        assertEquals(List.of("CAP_NET_ADMIN"), hc.capAdd());
        assertEquals(List.of(new PortBinding("127.0.0.1", "9090")), hc.portBindings().get("90/udp"));
        assertEquals(new RestartPolicy("on-failure", 3), hc.restartPolicy());
        assertEquals(List.of(new Ulimit("nofile", 200, 100)), hc.resources().ulimits());
        assertEquals(List.of(new DeviceMapping("/dev/null", "/dev/xnull", "rwm")), hc.resources().devices());
        assertEquals(Map.of("/t", ""), hc.tmpfs());
        assertEquals(1000, hc.mounts().get(0).tmpfsOptions().sizeBytes());
        assertEquals(Boolean.TRUE, hc.init());
        assertEquals(50L, hc.resources().pidsLimit());
        assertEquals(67108864L, hc.resources().memory());
        assertEquals(1_000_000_000L, hc.resources().nanoCpus());
        assertEquals(List.of("al"), req.networkingConfig().endpointsConfig().get("mynet").aliases());
        ContainerConfig c = req.config();
        assertEquals(5, c.stopTimeout());
        assertNull(c.argsEscaped());
        assertNull(c.macAddress());
    }

    /** HostConfig is the same Go type in the create body and in inspect: it must write back what it read. */
    @Test
    void writesTheHostConfigBackExactly() {
        for (String name : List.of("cli28-create-minimal-v1.43.json", "cli28-create-full-v1.43.json")) {
            JsonNode body = Golden.read(name);
            ContainerCreateRequest req = Golden.read(name, ContainerCreateRequest.class);
            assertEquals(body.get("HostConfig"), Golden.tree(req.hostConfig()), name);
        }
    }

    @Test
    void strSlicesAcceptASingleString() throws Exception {
        ContainerCreateRequest req = Golden.JSON.readValue(
                "{\"Image\":\"x\",\"Cmd\":\"echo hi\",\"Entrypoint\":\"/bin/sh\",\"Shell\":\"sh\","
                        + "\"HostConfig\":{\"CapAdd\":\"NET_ADMIN\",\"CapDrop\":null,\"ConsoleSize\":null,"
                        + "\"LogConfig\":null,\"RestartPolicy\":null,\"NetworkMode\":null}}",
                ContainerCreateRequest.class);
        assertEquals(List.of("echo hi"), req.cmd());
        assertEquals(List.of("/bin/sh"), req.entrypoint());
        assertEquals(List.of("sh"), req.shell());
        assertEquals(List.of("NET_ADMIN"), req.hostConfig().capAdd());
        assertNull(req.hostConfig().capDrop());
        // Go value types: null in JSON leaves the zero value
        assertEquals(List.of(0L, 0L), req.hostConfig().consoleSize());
        assertEquals(LogConfig.zero(), req.hostConfig().logConfig());
        assertEquals(RestartPolicy.zero(), req.hostConfig().restartPolicy());
        assertEquals("", req.hostConfig().networkMode());
    }

    @Test
    void ignoresFieldsItDoesNotKnow() throws Exception {
        ContainerCreateRequest req = Golden.JSON.readValue(
                "{\"Image\":\"x\",\"FutureField\":1,\"HostConfig\":{\"Future\":true,"
                        + "\"Mounts\":[{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"Options\":[[\"exec\"]]}}]},"
                        + "\"NetworkingConfig\":{\"EndpointsConfig\":{\"n\":{\"GwPriority\":1,\"DNSNames\":[\"a\"]}}}}",
                ContainerCreateRequest.class);
        assertEquals("/t", req.hostConfig().mounts().get(0).target());
        assertEquals("", req.networkingConfig().endpointsConfig().get("n").ipAddress());
    }

    @Test
    void readsTheUpdateBodyOfTheCli() {
        UpdateRequest u = Golden.read("cli28-update-v1.43.json", UpdateRequest.class);
        assertEquals(2_000_000_000L, u.resources().nanoCpus());
        assertEquals(new RestartPolicy("always", 0), u.restartPolicy());
        assertNull(u.resources().pidsLimit());
        assertNull(u.resources().memorySwappiness());
        // Resources round-trips the CLI's body without RestartPolicy
        JsonNode body = Golden.read("cli28-update-v1.43.json").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove("RestartPolicy");
        assertEquals(body, Golden.tree(u.resources()));
        assertEquals(Golden.read("cli28-update-v1.43.json"), Golden.tree(u));
    }

    @Test
    void hostConfigResourcesRoundTrip() {
        HostConfig hc = Golden.read("cli28-create-full-v1.43.json", ContainerCreateRequest.class).hostConfig();
        Resources r = hc.resources();
        assertEquals(hc, HostConfig.zero().toBuilder()
                .binds(hc.binds()).logConfig(hc.logConfig()).networkMode(hc.networkMode())
                .portBindings(hc.portBindings()).restartPolicy(hc.restartPolicy()).consoleSize(hc.consoleSize())
                .annotations(hc.annotations()).capAdd(hc.capAdd()).dns(hc.dns()).dnsOptions(hc.dnsOptions())
                .dnsSearch(hc.dnsSearch()).extraHosts(hc.extraHosts()).securityOpt(hc.securityOpt())
                .tmpfs(hc.tmpfs()).shmSize(hc.shmSize()).sysctls(hc.sysctls()).mounts(hc.mounts()).init(hc.init())
                .resources(r).build());
        assertFalse(Golden.tree(Resources.zero()).has("KernelMemory"));
    }
}
