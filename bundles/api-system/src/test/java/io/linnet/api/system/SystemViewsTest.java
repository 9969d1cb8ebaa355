package io.linnet.api.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linnet.api.model.system.InfoResponse;
import io.linnet.api.model.system.VersionResponse;
import io.linnet.engine.api.system.ComponentVersion;
import io.linnet.engine.api.system.EngineInfo;
import io.linnet.engine.api.system.ObjectCounts;
import io.linnet.engine.api.system.ProcessState;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemViewsTest {
    private final BuildFacts build = new BuildFacts("0.1.0", "abc1234", "2026-11-27T00:00:00Z");
    private final EngineInfo engine = new EngineInfo("id-1", "host1", "/var/lib/linnet", "overlayfs", "cgroupfs",
            "2", "6.1.0-1-amd64", "Debian GNU/Linux 12 (bookworm)", "12", "x86_64", 2, 25_000_000_000L, "runc",
            "/usr/sbin/runc", "linnet",
            List.of(new ComponentVersion("containerd", "1.6.20", "rev1"), new ComponentVersion("runc", "1.1.5", "c2")),
            List.of("name=seccomp,profile=builtin"));

    @Test
    void versionUsesGoArchitectureNamesAndListsComponents() {
        VersionResponse v = SystemViews.version(build, engine);
        assertEquals("amd64", v.arch());
        assertEquals("1.43", v.apiVersion());
        assertEquals("1.24", v.minApiVersion());
        assertEquals(List.of("Engine", "Linnet", "containerd", "runc"),
                v.components().stream().map(VersionResponse.Component::name).toList());
        assertEquals("rev1", v.components().get(2).details().get("GitCommit"));
        // the Docker release of API 1.43 as the server version, Linnet's own as its component
        assertEquals("24.0.0", v.version());
        assertEquals("24.0.0", v.components().get(0).version());
        assertEquals("0.1.0", v.components().get(1).version());
    }

    @Test
    void infoCarriesCountsAndHostFacts() {
        InfoResponse i = SystemViews.info(build, engine, new ObjectCounts(5, 2, 1, 2, 3),
                new ProcessState(17, 9, java.time.Instant.parse("2024-01-02T03:04:05Z")));
        assertEquals(5, i.containers());
        assertEquals(2, i.containersRunning());
        assertEquals(1, i.containersPaused());
        assertEquals(2, i.containersStopped());
        assertEquals(3, i.images());
        assertEquals("x86_64", i.architecture());
        assertEquals("rev1", i.containerdCommit().id());
        assertEquals("inactive", i.swarm().localNodeState());
        assertEquals("24.0.0", i.serverVersion());
        assertEquals(java.util.List.of("name=seccomp,profile=builtin"), i.securityOptions());
        assertEquals("/usr/sbin/runc", i.runtimes().get("runc").path());
        assertEquals(17, i.nfd());
        assertEquals(9, i.ngoroutines());
        assertEquals(java.time.Instant.parse("2024-01-02T03:04:05Z"),
                java.time.OffsetDateTime.parse(i.systemTime()).toInstant());
    }

    @Test
    void goArchMapping() {
        assertEquals("arm64", SystemViews.goArch("aarch64"));
        assertEquals("amd64", SystemViews.goArch("x86_64"));
    }
}
