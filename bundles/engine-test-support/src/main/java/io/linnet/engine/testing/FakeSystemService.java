package io.linnet.engine.testing;

import io.linnet.engine.api.build.BuildCacheService;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.system.ComponentVersion;
import io.linnet.engine.api.system.DiskUsage;
import io.linnet.engine.api.system.EngineInfo;
import io.linnet.engine.api.system.ObjectCounts;
import io.linnet.engine.api.system.ProcessState;
import io.linnet.engine.api.system.SystemService;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Fixed host facts of a cgroup v2 amd64 host; counts and disk usage read from the other fakes. */
public final class FakeSystemService implements SystemService {
    private final FakeContainerService containers;
    private final FakeImageService images;
    private final FakeVolumeService volumes;
    private final BuildCacheService buildCache;
    private volatile String cgroupVersion = "2";

    public FakeSystemService(FakeContainerService containers, FakeImageService images, FakeVolumeService volumes,
            BuildCacheService buildCache) {
        this.containers = containers;
        this.images = images;
        this.volumes = volumes;
        this.buildCache = buildCache;
    }

    /** "1" or "2", as the host's cgroup mount would say. */
    public void setCgroupVersion(String version) {
        this.cgroupVersion = version;
        containers.cgroupV2("2".equals(version));
    }

    /** Back to a cgroup v2 host. */
    public void reset() {
        cgroupVersion = "2";
        containers.cgroupV2(true);
    }

    @Override
    public EngineInfo engineInfo() {
        return new EngineInfo("FAKE:ENGINE:ID", "fakehost", "/var/lib/linnet", "overlayfs", "cgroupfs", cgroupVersion,
                "6.1.0-fake", "Debian GNU/Linux 12 (bookworm)", "12", "x86_64", 2, 4L << 30, "runc",
                "/usr/sbin/runc", "linnet", List.of(new ComponentVersion("containerd", "1.6.20", "abc123"),
                        new ComponentVersion("runc", "1.1.5", "def456")), List.of("name=seccomp,profile=builtin"));
    }

    /** The engine's own measure over the fakes (volumes and build cache when given). */
    @Override
    public DiskUsage diskUsage(Set<DiskUsage.Kind> kinds) {
        return DiskUsage.measure(kinds, images, containers, volumes, buildCache);
    }

    /** Not the test JVM's own count: answers depend on nothing outside the fake. */
    @Override
    public ProcessState processState() {
        return new ProcessState(42, 7, Instant.parse("2024-01-02T03:04:05Z"));
    }

    @Override
    public ObjectCounts counts() {
        List<Container> all = containers.list();
        int running = (int) all.stream().filter(c -> c.state().running() && !c.state().paused()).count();
        int paused = (int) all.stream().filter(c -> c.state().paused()).count();
        return new ObjectCounts(all.size(), running, paused, all.size() - running - paused, images.list().size());
    }
}
