package io.linnet.network.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class Ipv4Test {

    @Test
    void cidrArithmetic() {
        assertEquals("172.30.0.0/16", Ipv4.canonical("172.30.0.1/16"));
        assertTrue(Ipv4.contains("10.1.0.0/16", "10.1.255.3"));
        assertFalse(Ipv4.contains("10.1.0.0/16", "10.2.0.1"));
        assertTrue(Ipv4.overlaps("172.16.0.0/12", "172.30.0.0/16"));
        assertFalse(Ipv4.overlaps("172.30.0.0/16", "172.31.0.0/24"));
        assertEquals("10.0.0.1", Ipv4.firstHost("10.0.0.0/24"));
        assertFalse(Ipv4.isCidr("10.0.0.0"));
        assertFalse(Ipv4.isCidr("10.0.0.0/33"));
    }

    @Test
    void hostRoutesFromProcNetRoute() {
        List<String> lines = List.of(
                "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
                "eth0\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
                "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0");
        assertEquals(List.of("172.17.0.0/16"), HostRoutes.parse(lines));
    }
}
