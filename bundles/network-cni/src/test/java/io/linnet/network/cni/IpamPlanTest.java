package io.linnet.network.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linnet.engine.api.ForbiddenException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.network.Network.IpamConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpamPlanTest {

    private static IpamPlan plan(boolean ipv6, IpamConfig... configs) {
        return IpamPlan.of(List.of(configs), ipv6, List.of("172.31.0.0/24", "2001:db8:9::/64"), () -> "172.31.1.0/24");
    }

    @Test
    void aDualStackNetworkHasBothPoolsAndItsAuxiliaryAddresses() {
        IpamPlan p = plan(true, new IpamConfig("2001:DB8:1::/64", "", "", Map.of("v6", "2001:db8:1:0::5")),
                new IpamConfig("172.28.0.0/16", "172.28.5.0/24", "172.28.5.254", Map.of("host1", "172.28.1.5")));
        assertEquals("172.28.0.0/16", p.subnet());
        assertEquals("172.28.5.254", p.gateway());
        assertEquals("172.28.5.0/24", p.ipRange());
        assertEquals("2001:db8:1::/64", p.subnet6());
        assertEquals("2001:db8:1::1", p.gateway6(), "the first address, as libnetwork");
        assertEquals(Map.of("host1", "172.28.1.5", "v6", "2001:db8:1::5"), p.auxAddresses());
        assertFalse(p.autoSubnet());
    }

    @Test
    void onlyTheIpv4SubnetComesFromThePools() {
        IpamPlan p = plan(true, new IpamConfig("2001:db8:2::/64", "", ""));
        assertEquals("172.31.1.0/24", p.subnet());
        assertEquals("172.31.1.1", p.gateway());
        assertTrue(p.autoSubnet(), "no fixed address may be asked on it");
        NotFoundException noPool = assertThrows(NotFoundException.class, () -> plan(true));
        assertEquals("could not find an available, non-overlapping IPv6 address pool among the defaults to assign "
                + "to the network", noPool.getMessage());
    }

    @Test
    void addressesOutsideTheirSubnetAndOverlapsAreRefusedAsDockerd() {
        assertEquals("no matching subnet for aux-address 10.9.0.1", assertThrows(ForbiddenException.class,
                () -> plan(false, new IpamConfig("10.1.0.0/16", "", "", Map.of("a", "10.9.0.1")))).getMessage());
        assertEquals("no matching subnet for gateway 2001:db8:7::1", assertThrows(ForbiddenException.class,
                () -> plan(true, new IpamConfig("2001:db8:1::/64", "", "2001:db8:7::1"))).getMessage());
        assertEquals("Pool overlaps with other one on this address space", assertThrows(ForbiddenException.class,
                () -> plan(true, new IpamConfig("2001:db8:9::/48", "", ""))).getMessage());
        assertThrows(InvalidParameterException.class,
                () -> plan(false, new IpamConfig("10.1.0.0/16", "", ""), new IpamConfig("10.2.0.0/16", "", "")));
        assertThrows(InvalidParameterException.class, () -> plan(true, new IpamConfig("2001:db8:1::/200", "", "")));
    }
}
