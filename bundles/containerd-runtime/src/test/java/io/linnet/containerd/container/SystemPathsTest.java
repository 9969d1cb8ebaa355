package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystemPathsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void throttleDirectoriesOfTheHostsCpusAreMasked() {
        SystemPaths paths = new SystemPaths("0-2,5", Set.of("/sys/devices/system/cpu/cpu1/thermal_throttle",
                "/sys/devices/system/cpu/cpu5/thermal_throttle")::contains);
        List<String> masked = paths.defaultMasked();
        assertEquals(List.of("/sys/devices/system/cpu/cpu1/thermal_throttle",
                "/sys/devices/system/cpu/cpu5/thermal_throttle"), masked.subList(masked.size() - 2, masked.size()));
        assertTrue(masked.contains("/proc/interrupts"));
        assertEquals(List.of(0, 1, 2, 5), SystemPaths.cpus("0-2,5\n".trim()));
        assertEquals(List.of(), SystemPaths.cpus(""));
    }

    @Test
    void createStoresTheDefaultsUnlessSetOrPrivileged() throws Exception {
        SystemPaths paths = new SystemPaths("0", p -> false);
        ObjectNode plain = (ObjectNode) JSON.readTree("{\"MaskedPaths\":null}");
        paths.fillCreateDefaults(plain);
        assertEquals(12, plain.get("MaskedPaths").size());
        assertEquals("/proc/bus", plain.get("ReadonlyPaths").get(0).asText());
        ObjectNode unconfined = (ObjectNode) JSON.readTree("{\"MaskedPaths\":[],\"ReadonlyPaths\":[]}");
        paths.fillCreateDefaults(unconfined);
        assertEquals("{\"MaskedPaths\":[],\"ReadonlyPaths\":[]}", unconfined.toString());
        ObjectNode privileged = (ObjectNode) JSON.readTree("{\"Privileged\":true,\"MaskedPaths\":null}");
        paths.fillCreateDefaults(privileged);
        assertTrue(privileged.get("MaskedPaths").isNull());
    }
}
