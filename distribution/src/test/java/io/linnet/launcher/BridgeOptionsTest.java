package io.linnet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default bridge network's options: flags, daemon.json, defaults beside dockerd's docker0. */
class BridgeOptionsTest {

    @Test
    void defaultsStayClearOfDocker0() {
        DaemonOptions o = DaemonOptions.merge(Map.of(), Map.of());
        assertEquals("172.30.0.1/16", o.bip());
        assertEquals("linnet0", o.bridge());
    }

    @Test
    void flagsAndFileSetThem() {
        DaemonOptions flags = DaemonOptions.merge(CommandLine.parse(new String[] {"--bip", "10.9.0.1/24", "-b", "lnt1"}),
                Map.of());
        assertEquals("10.9.0.1/24", flags.bip());
        assertEquals("lnt1", flags.bridge());
        DaemonOptions file = DaemonOptions.merge(Map.of(),
                DaemonConfigFile.parse("{\"bip\":\"10.8.0.1/16\",\"bridge\":\"lnt2\"}", "daemon.json"));
        assertEquals("10.8.0.1/16", file.bip());
        assertEquals("lnt2", file.bridge());
        assertThrows(IllegalArgumentException.class, () -> DaemonOptions.merge(
                CommandLine.parse(new String[] {"--bip", "10.9.0.1/24"}),
                DaemonConfigFile.parse("{\"bip\":\"10.8.0.1/16\"}", "daemon.json")));
    }

    @Test
    void defaultBridgeKeysOfDaemonJson() {
        DaemonOptions o = DaemonOptions.merge(Map.of(), DaemonConfigFile.parse("""
                {"ipv6": true, "fixed-cidr-v6": "2001:db8:7::/64", "fixed-cidr": "172.30.5.0/24", "mtu": 1400,
                 "icc": false, "ip": "127.0.0.1", "iptables": false, "ip-forward": false}
                """, "daemon.json"));
        assertEquals(new BridgeSettings("172.30.5.0/24", true, "2001:db8:7::/64", 1400, false, "127.0.0.1", false,
                false, java.util.List.of()), o.bridgeSettings());
        BridgeSettings defaults = DaemonOptions.merge(Map.of(), Map.of()).bridgeSettings();
        assertEquals(new BridgeSettings("", false, "", 0, true, "0.0.0.0", true, true, java.util.List.of()), defaults);
        DaemonOptions flags = DaemonOptions.merge(CommandLine.parse(new String[] {"--ipv6", "--iptables=false",
                "--fixed-cidr-v6", "2001:db8:8::/64", "--mtu", "1450"}), Map.of());
        assertEquals(true, flags.bridgeSettings().ipv6());
        assertEquals(false, flags.bridgeSettings().iptables());
        assertEquals("2001:db8:8::/64", flags.bridgeSettings().fixedCidrV6());
        assertEquals(1450, flags.bridgeSettings().mtu());
    }

    @Test
    void addressPoolsAsDockerdReadsThem() {
        DaemonOptions o = DaemonOptions.merge(Map.of(), DaemonConfigFile.parse("""
                {"default-address-pools": [{"base": "10.123.0.0/16", "size": 24}, {"base": "10.124.0.0/20", "size": 28}]}
                """, "daemon.json"));
        assertEquals(java.util.List.of("10.123.0.0/16/24", "10.124.0.0/20/28"), o.bridgeSettings().addressPools());
        assertEquals("", o.bip()); // the default bridge takes its subnet from the pools, as dockerd's
        DaemonOptions flag = DaemonOptions.merge(CommandLine.parse(new String[] {"--default-address-pool",
                "base=10.125.0.0/16,size=24"}), Map.of());
        assertEquals(java.util.List.of("10.125.0.0/16/24"), flag.bridgeSettings().addressPools());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> DaemonOptions.merge(
                Map.of(), DaemonConfigFile.parse("{\"default-address-pools\": [{\"base\": \"10.123.0.0/16\", "
                        + "\"size\": 8}]}", "daemon.json")));
        assertEquals("invalid pools size: 8", small.getMessage());
        IllegalArgumentException base = assertThrows(IllegalArgumentException.class, () -> DaemonOptions.merge(
                Map.of(), DaemonConfigFile.parse("{\"default-address-pools\": [{\"base\": \"10.123.0/16\", "
                        + "\"size\": 24}]}", "daemon.json")));
        assertEquals("invalid base pool \"10.123.0/16\": invalid CIDR address: 10.123.0/16", base.getMessage());
    }
}
