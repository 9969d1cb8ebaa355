package io.linnet.containerd.container;

import io.linnet.api.model.container.HostConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystemPathsTest {


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
        HostConfig plain = paths.withCreateDefaults(HostConfig.zero());
        assertEquals(12, plain.maskedPaths().size());
        assertEquals("/proc/bus", plain.readonlyPaths().get(0));
        HostConfig unconfined = HostConfig.zero().toBuilder().maskedPaths(List.of()).readonlyPaths(List.of()).build();
        assertEquals(unconfined, paths.withCreateDefaults(unconfined));
        HostConfig privileged = paths.withCreateDefaults(HostConfig.zero().toBuilder().privileged(true).build());
        assertNull(privileged.maskedPaths());
    }
}
