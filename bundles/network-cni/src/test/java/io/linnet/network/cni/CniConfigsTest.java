package io.linnet.network.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CniConfigsTest {

    private static NetworkDef net(boolean internal, String ipRange) {
        return new NetworkDef("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "app", "bridge",
                "2026-01-01T00:00:00Z", "br-0123456789ab", "10.1.0.0/16", "10.1.0.1", ipRange, internal, false, false,
                1400, true, Map.of(), Map.of());
    }

    @Test
    void aBridgeNetworkIsBridgeWithHostLocalThenPortmapThenFirewall() {
        JsonNode list = CniConfigs.bridgeList(net(false, "10.1.2.0/24"), Path.of("/data/networks/ipam"));
        assertEquals("1.0.0", list.path("cniVersion").asText());
        assertEquals("linnet-0123456789ab", list.path("name").asText());
        List<String> types = List.of(list.path("plugins").get(0).path("type").asText(),
                list.path("plugins").get(1).path("type").asText(), list.path("plugins").get(2).path("type").asText());
        assertEquals(List.of("bridge", "portmap", "firewall"), types);
        JsonNode bridge = list.path("plugins").get(0);
        assertEquals("br-0123456789ab", bridge.path("bridge").asText());
        assertTrue(bridge.path("isGateway").asBoolean());
        assertTrue(bridge.path("ipMasq").asBoolean());
        assertEquals(1400, bridge.path("mtu").asInt());
        JsonNode range = bridge.path("ipam").path("ranges").get(0).get(0);
        assertEquals("10.1.0.0/16", range.path("subnet").asText());
        assertEquals("10.1.0.1", range.path("gateway").asText());
        assertEquals("10.1.2.1", range.path("rangeStart").asText());
        assertEquals("10.1.2.254", range.path("rangeEnd").asText());
        assertEquals("/data/networks/ipam", bridge.path("ipam").path("dataDir").asText());
        assertEquals("0.0.0.0/0", bridge.path("ipam").path("routes").get(0).path("dst").asText());
        assertTrue(list.path("plugins").get(1).path("capabilities").path("portMappings").asBoolean());
    }

    @Test
    void anInternalNetworkHasNoGatewayRouteMasqueradeOrPorts() {
        JsonNode list = CniConfigs.bridgeList(net(true, ""), Path.of("/x"));
        JsonNode bridge = list.path("plugins").get(0);
        assertFalse(bridge.path("isGateway").asBoolean());
        assertFalse(bridge.path("ipMasq").asBoolean());
        assertFalse(bridge.path("ipam").has("routes"));
        assertEquals(2, list.path("plugins").size());
    }

    @Test
    void pluginConfigGetsNamePrevResultAndOnlyDeclaredRuntimeConfig() throws Exception {
        JsonNode list = CniConfigs.bridgeList(net(false, ""), Path.of("/x"));
        JsonNode runtime = CniPlugins.JSON.readTree("{\"portMappings\":[{\"hostPort\":1}],\"ips\":[\"10.1.0.5/16\"]}");
        JsonNode prev = CniPlugins.JSON.readTree("{\"cniVersion\":\"1.0.0\"}");
        JsonNode portmap = CniPlugins.pluginConfig(list, list.path("plugins").get(1), prev, runtime);
        assertEquals("linnet-0123456789ab", portmap.path("name").asText());
        assertEquals(prev, portmap.path("prevResult"));
        assertTrue(portmap.path("runtimeConfig").has("portMappings"));
        assertFalse(portmap.path("runtimeConfig").has("ips"));
        JsonNode bridge = CniPlugins.pluginConfig(list, list.path("plugins").get(0), null, runtime);
        assertEquals("10.1.0.5/16", bridge.path("runtimeConfig").path("ips").get(0).asText());
        assertFalse(bridge.has("prevResult"));
    }
}
