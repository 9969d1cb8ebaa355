package io.linnet.network.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The default bridge from daemon.json's keys, as dockerd 20.10 showed it with the same daemon.json. */
class DefaultBridgeTest {

    @Test
    void dualStackWithFixedRangesAsDockerdShowsIt() {
        NetworkDef def = new DefaultBridge("172.29.0.1/16", "lnt0", "172.29.5.0/24", true, "2001:db8:7::/64", 1400,
                false, "127.0.0.1", false).define(null, "id", "2026-01-01T00:00:00Z", () -> {
                    throw new AssertionError("bip given: no pool asked");
                });
        assertEquals("172.29.0.0/16", def.subnet());
        assertEquals("172.29.0.1", def.gateway());
        assertEquals("172.29.5.0/24", def.ipRange());
        assertTrue(def.hasIpv6());
        assertEquals("2001:db8:7::/64", def.subnet6());
        assertEquals("2001:db8:7::1", def.gateway6());
        assertEquals(1400, def.mtu());
        assertFalse(def.icc());
        assertEquals("false", def.options().get("com.docker.network.bridge.enable_icc"));
        assertEquals("false", def.options().get("com.docker.network.bridge.enable_ip_masquerade"));
        assertEquals("127.0.0.1", def.options().get("com.docker.network.bridge.host_binding_ipv4"));
        assertEquals("1400", def.options().get("com.docker.network.driver.mtu"));
        // IPAM.Config: the IPv4 pool with its range, the IPv6 one without the default gateway
        assertEquals(List.of(new io.linnet.engine.api.network.Network.IpamConfig("172.29.0.0/16", "172.29.5.0/24",
                "172.29.0.1", java.util.Map.of()), new io.linnet.engine.api.network.Network.IpamConfig(
                "2001:db8:7::/64", "", "", java.util.Map.of())), InspectViews.ipamConfig(def));
    }

    @Test
    void withoutBipTheSubnetComesFromThePoolsAndStays() {
        DefaultBridge pooled = new DefaultBridge("", "lnt0", "", false, "", 0, true, "0.0.0.0", true);
        NetworkDef first = pooled.define(null, "id", "t", () -> "10.123.0.0/24");
        assertEquals("10.123.0.0/24", first.subnet());
        assertEquals("10.123.0.1", first.gateway());
        assertEquals("1500", first.options().get("com.docker.network.driver.mtu"));
        assertEquals("true", first.options().get("com.docker.network.bridge.enable_ip_masquerade"));
        assertEquals(List.of(new io.linnet.engine.api.network.Network.IpamConfig("10.123.0.0/24", "", "",
                java.util.Map.of())), InspectViews.ipamConfig(first), "no gateway shown, as dockerd 20.10");
        NetworkDef again = pooled.define(first, "id", "t", () -> {
            throw new AssertionError("the stored subnet stays");
        });
        assertEquals(first, again);
    }

    @Test
    void ipv6WithoutFixedCidrV6IsEnabledWithoutASubnet() {
        NetworkDef def = new DefaultBridge("172.30.0.1/16", "lnt0", "10.0.0.0/8", true, "", 0, true, "0.0.0.0", true)
                .define(null, "id", "t", () -> "unused");
        assertTrue(def.enableIpv6());
        assertFalse(def.hasIpv6());
        assertEquals("", def.ipRange()); // a fixed-cidr outside the subnet is left out (and logged)
    }
}
