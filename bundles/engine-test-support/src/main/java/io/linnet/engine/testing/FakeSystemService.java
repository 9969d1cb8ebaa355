package io.linnet.engine.testing;

import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.system.ComponentVersion;
import io.linnet.engine.api.system.EngineInfo;
import io.linnet.engine.api.system.ObjectCounts;
import io.linnet.engine.api.system.SystemService;
import java.util.List;

/** Fixed host facts of a cgroup v2 amd64 host, and counts read from the fake containers and images. */
public final class FakeSystemService implements SystemService {
    private final FakeContainerService containers;
    private final FakeImageService images;
    private volatile String cgroupVersion = "2";

    public FakeSystemService(FakeContainerService containers, FakeImageService images) {
        this.containers = containers;
        this.images = images;
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
                        new ComponentVersion("runc", "1.1.5", "def456")));
    }

    /** Not the test JVM's own count: answers depend on nothing outside the fake. */
    @Override
    public int openFileDescriptors() {
        return 42;
    }

    @Override
    public ObjectCounts counts() {
        List<Container> all = containers.list();
        int running = (int) all.stream().filter(c -> c.state().running() && !c.state().paused()).count();
        int paused = (int) all.stream().filter(c -> c.state().paused()).count();
        return new ObjectCounts(all.size(), running, paused, all.size() - running - paused, images.list().size());
    }
}
