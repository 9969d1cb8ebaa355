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

    private static List<String> types(JsonNode list) {
        List<String> types = new java.util.ArrayList<>();
        list.path("plugins").forEach(p -> types.add(p.path("type").asText()));
        return types;
    }

    @Test
    void aFixedAddressIsTakenAnywhereInTheSubnetNotOnlyInTheIpRange() {
        NetworkDef ranged = new NetworkDef("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "app",
                "bridge", "t", "br-0123456789ab", "10.1.0.0/16", "10.1.0.1", "10.1.2.0/24", false, false, true, 0, true,
                Map.of(), Map.of(), "2001:db8:1::/64", "2001:db8:1::1", "2001:db8:1::100/120", Map.of(), Map.of(), false);
        JsonNode fixedV4 = CniConfigs.bridgeList(ranged.forFixedAddresses(true, false), Path.of("/x"), false, "");
        JsonNode ranges = fixedV4.path("plugins").get(0).path("ipam").path("ranges");
        assertFalse(ranges.get(0).get(0).has("rangeStart"), "host-local may give 10.1.9.9: " + ranges);
        assertEquals("2001:db8:1::101", ranges.get(1).get(0).path("rangeStart").asText(), "IPv6 still from its range");
        JsonNode pooled = CniConfigs.bridgeList(ranged.forFixedAddresses(false, false), Path.of("/x"), false, "");
        assertEquals("10.1.2.1", pooled.path("plugins").get(0).path("ipam").path("ranges").get(0).get(0)
                .path("rangeStart").asText(), "without a fixed address: the range");
        assertFalse(CniConfigs.bridgeList(ranged.forFixedAddresses(false, true), Path.of("/x"), false, "")
                .path("plugins").get(0).path("ipam").path("ranges").get(1).get(0).has("rangeStart"));
    }

    @Test
    void aBridgeEndpointIsBridgeWithHostLocalThenPortmapOnlyWhenPortsArePublished() {
        JsonNode list = CniConfigs.bridgeList(net(false, "10.1.2.0/24"), Path.of("/data/networks/ipam"), true);
        assertEquals("1.0.0", list.path("cniVersion").asText());
        assertEquals("linnet-0123456789ab", list.path("name").asText());
        assertEquals(List.of("bridge", "portmap"), types(list));
        assertTrue(CniConfigs.usesSharedChains(list));
        JsonNode plain = CniConfigs.bridgeList(net(false, ""), Path.of("/x"), false);
        assertEquals(List.of("bridge"), types(plain), "no ports: no portmap run at ADD or DEL");
        assertFalse(CniConfigs.usesSharedChains(plain));
        JsonNode bridge = list.path("plugins").get(0);
        assertEquals("br-0123456789ab", bridge.path("bridge").asText());
        assertTrue(bridge.path("isGateway").asBoolean());
        assertFalse(bridge.path("ipMasq").asBoolean(), "masquerading is the network's rule, not per container");
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
        JsonNode list = CniConfigs.bridgeList(net(true, ""), Path.of("/x"), true);
        JsonNode bridge = list.path("plugins").get(0);
        assertFalse(bridge.path("isGateway").asBoolean());
        assertFalse(bridge.path("ipMasq").asBoolean());
        assertFalse(bridge.path("ipam").has("routes"));
        assertEquals(List.of("bridge"), types(list));
    }

    private static NetworkDef dualStack(Map<String, String> options) {
        return new NetworkDef("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "app", "bridge",
                "2026-01-01T00:00:00Z", "br-0123456789ab", "10.1.0.0/16", "10.1.0.1", "", false, false, true, 0,
                !"false".equals(options.get("com.docker.network.bridge.enable_icc")), options, Map.of(),
                "2001:db8:1::/64", "2001:db8:1::1", "2001:db8:1::100/120", Map.of(), Map.of(), false);
    }

    @Test
    void aDualStackEndpointGetsBothRangesAndBothDefaultRoutesAndTuningSetsItsMac() {
        JsonNode list = CniConfigs.bridgeList(dualStack(Map.of()), Path.of("/x"), false, "02:42:ac:11:00:99");
        assertEquals(List.of("bridge", "tuning"), types(list));
        assertEquals("02:42:ac:11:00:99", list.path("plugins").get(1).path("mac").asText());
        JsonNode ipam = list.path("plugins").get(0).path("ipam");
        assertEquals("10.1.0.0/16", ipam.path("ranges").get(0).get(0).path("subnet").asText());
        JsonNode v6 = ipam.path("ranges").get(1).get(0);
        assertEquals("2001:db8:1::/64", v6.path("subnet").asText());
        assertEquals("2001:db8:1::1", v6.path("gateway").asText());
        assertEquals("2001:db8:1::101", v6.path("rangeStart").asText());
        assertEquals("2001:db8:1::1ff", v6.path("rangeEnd").asText());
        assertEquals("::/0", ipam.path("routes").get(1).path("dst").asText());
        assertEquals(List.of("bridge"), types(CniConfigs.bridgeList(net(false, ""), Path.of("/x"), false, "")),
                "no MAC asked: no tuning run");
    }

    @Test
    void iccFalseDropsTrafficBetweenTheContainersOfTheNetworkInBothFamilies() {
        NetworkDef isolated = dualStack(Map.of("com.docker.network.bridge.enable_icc", "false",
                "com.docker.network.bridge.enable_ip_masquerade", "false"));
        List<List<String>> v4 = BridgeRules.rules(isolated);
        assertTrue(v4.stream().noneMatch(r -> r.contains("MASQUERADE")), "enable_ip_masquerade=false");
        List<String> last = v4.get(v4.size() - 1);
        assertEquals(List.of("filter", "FORWARD", "-i", "br-0123456789ab", "-o", "br-0123456789ab"), last.subList(0, 6));
        assertEquals("DROP", last.get(last.size() - 1), "inserted last, so it comes before the ACCEPT rules");
        assertEquals(BridgeRules.rules6(isolated), v4, "no NAT for IPv6; the same forwarding and isolation");
        assertTrue(BridgeRules.rules6(net(false, "")).isEmpty(), "IPv4-only network: no ip6tables rule");
    }

    @Test
    void endpointsOfEarlierDaemonsAreDeletedWithTheListTheyWereAddedWith() {
        JsonNode list = CniConfigs.earlierBridgeList(net(false, ""), Path.of("/x"));
        assertEquals(List.of("bridge", "portmap", "firewall"), types(list));
        assertTrue(list.path("plugins").get(0).path("ipMasq").asBoolean());
    }

    @Test
    void theNetworksOwnRulesMasqueradeAndForwardOnlyWhatDockerdDoes() {
        List<List<String>> open = BridgeRules.rules(net(false, ""));
        assertEquals(3, open.size());
        assertEquals(List.of("nat", "POSTROUTING", "-s", "10.1.0.0/16", "!", "-o", "br-0123456789ab"),
                open.get(0).subList(0, 7));
        assertTrue(open.get(0).contains("MASQUERADE"));
        assertTrue(open.stream().allMatch(r -> r.contains("linnet bridge br-0123456789ab")), "found again by comment");
        List<List<String>> internal = BridgeRules.rules(net(true, ""));
        assertEquals(1, internal.size(), "no masquerading, no way out");
        assertEquals(List.of("filter", "FORWARD", "-i", "br-0123456789ab", "-o", "br-0123456789ab"),
                internal.get(0).subList(0, 6));
    }

    @Test
    void pluginConfigGetsNamePrevResultAndOnlyDeclaredRuntimeConfig() throws Exception {
        JsonNode list = CniConfigs.bridgeList(net(false, ""), Path.of("/x"), true);
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
