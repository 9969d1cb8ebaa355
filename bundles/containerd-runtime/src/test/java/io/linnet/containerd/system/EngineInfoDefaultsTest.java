package io.linnet.containerd.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linnet.containerd.config.EngineDefaults;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker info's SecurityOptions and Runtimes, as dockerd 24 fills them for what Linnet applies. */
class EngineInfoDefaultsTest {
    @Test
    void securityOptionsTellTheSeccompProfileAndAPrivateCgroupNamespace() {
        assertEquals(List.of("name=seccomp,profile=builtin"), ContainerdSystemService.securityOptions(true, false));
        assertEquals(List.of("name=seccomp,profile=builtin", "name=cgroupns"),
                ContainerdSystemService.securityOptions(true, true));
        assertEquals(List.of(), ContainerdSystemService.securityOptions(false, false));
    }

    @Test
    void runcIsListedUnderBothNamesWithDockerdsPathThenTheConfiguredRuntimes() {
        EngineDefaults d = EngineDefaults.DOCKERD.reloaded(Map.of("runtimes", "{\"crun\":\"/usr/bin/crun\"}"));
        assertEquals(Map.of("io.containerd.runc.v2", "runc", "runc", "runc", "crun", "/usr/bin/crun"),
                ContainerdSystemService.runtimes(d));
        assertEquals(List.of("io.containerd.runc.v2", "runc", "crun"),
                List.copyOf(ContainerdSystemService.runtimes(d).keySet()));
    }
}
