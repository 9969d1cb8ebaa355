package io.linnet.network.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linnet.engine.api.InvalidParameterException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortPlanTest {

    @Test
    void bindingsWithFixedAnyAndRangedHostPorts() {
        Map<String, List<Map<String, String>>> bindings = new LinkedHashMap<>();
        bindings.put("80/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", ""),
                Map.of("HostIp", "", "HostPort", "8080")));
        bindings.put("53/udp", List.of(Map.of("HostIp", "0.0.0.0", "HostPort", "5300-5310")));
        bindings.put("443/tcp", List.of(Map.of("HostIp", "::", "HostPort", "8443")));
        assertEquals(List.of(new PortPlan.Wanted(80, "tcp", "127.0.0.1", 0, 0),
                new PortPlan.Wanted(80, "tcp", "", 8080, 8080),
                new PortPlan.Wanted(53, "udp", "0.0.0.0", 5300, 5310)),
                PortPlan.wanted(bindings, false, List.of()));
    }

    @Test
    void publishAllAddsExposedPortsNotBoundYet() {
        Map<String, List<Map<String, String>>> bindings = Map.of("80/tcp", List.of(Map.of("HostPort", "8080")));
        assertEquals(List.of(new PortPlan.Wanted(80, "tcp", "", 8080, 8080), new PortPlan.Wanted(9000, "udp", "", 0, 0)),
                PortPlan.wanted(bindings, true, List.of("80/tcp", "9000/udp")));
        assertEquals(List.of(), PortPlan.wanted(Map.of(), false, List.of("80/tcp")));
    }

    @Test
    void invalidPortsAreRefused() {
        assertThrows(InvalidParameterException.class, () -> PortPlan.parsePortKey("http/tcp"));
        assertThrows(InvalidParameterException.class, () -> PortPlan.parsePortKey("80/icmp"));
        assertThrows(InvalidParameterException.class, () -> PortPlan.parseHostPort("90-80"));
    }
}
