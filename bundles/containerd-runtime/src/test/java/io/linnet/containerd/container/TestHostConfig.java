package io.linnet.containerd.container;

import io.linnet.api.model.container.DeviceMapping;
import io.linnet.api.model.container.HostConfig;
import io.linnet.api.model.container.Mount;
import io.linnet.api.model.container.Resources;
import io.linnet.api.model.container.Ulimit;
import java.util.List;
import java.util.Map;

/** Docker's HostConfig for spec tests, set field by field as a client would (Resources flattened, as on the wire). */
final class TestHostConfig {
    private final HostConfig.Builder host = HostConfig.zero().toBuilder();
    private final Resources.Builder resources = Resources.zero().toBuilder();

    static TestHostConfig builder() {
        return new TestHostConfig();
    }

    HostConfig build() {
        return host.resources(resources.build()).build();
    }

    TestHostConfig binds(List<String> v) { host.binds(v); return this; }
    TestHostConfig capDrop(List<String> v) { host.capDrop(v); return this; }
    TestHostConfig ipcMode(String v) { host.ipcMode(v); return this; }
    TestHostConfig pidMode(String v) { host.pidMode(v); return this; }
    TestHostConfig utsMode(String v) { host.utsMode(v); return this; }
    TestHostConfig cgroupnsMode(String v) { host.cgroupnsMode(v); return this; }
    TestHostConfig maskedPaths(List<String> v) { host.maskedPaths(v); return this; }
    TestHostConfig readonlyPaths(List<String> v) { host.readonlyPaths(v); return this; }
    TestHostConfig mounts(List<Mount> v) { host.mounts(v); return this; }
    TestHostConfig privileged(boolean v) { host.privileged(v); return this; }
    TestHostConfig readonlyRootfs(boolean v) { host.readonlyRootfs(v); return this; }
    TestHostConfig securityOpt(List<String> v) { host.securityOpt(v); return this; }
    TestHostConfig shmSize(long v) { host.shmSize(v); return this; }
    TestHostConfig tmpfs(Map<String, String> v) { host.tmpfs(v); return this; }
    TestHostConfig sysctls(Map<String, String> v) { host.sysctls(v); return this; }
    TestHostConfig volumesFrom(List<String> v) { host.volumesFrom(v); return this; }
    TestHostConfig init(boolean v) { host.init(v); return this; }
    TestHostConfig groupAdd(List<String> v) { host.groupAdd(v); return this; }
    TestHostConfig capAdd(List<String> v) { host.capAdd(v); return this; }
    TestHostConfig memory(long v) { resources.memory(v); return this; }
    TestHostConfig memoryReservation(long v) { resources.memoryReservation(v); return this; }
    TestHostConfig memorySwap(long v) { resources.memorySwap(v); return this; }
    TestHostConfig oomKillDisable(Boolean v) { resources.oomKillDisable(v); return this; }
    TestHostConfig nanoCpus(long v) { resources.nanoCpus(v); return this; }
    TestHostConfig cpuShares(long v) { resources.cpuShares(v); return this; }
    TestHostConfig cpuPeriod(long v) { resources.cpuPeriod(v); return this; }
    TestHostConfig cpuQuota(long v) { resources.cpuQuota(v); return this; }
    TestHostConfig cpusetCpus(String v) { resources.cpusetCpus(v); return this; }
    TestHostConfig cpusetMems(String v) { resources.cpusetMems(v); return this; }
    TestHostConfig pidsLimit(long v) { resources.pidsLimit(v); return this; }
    TestHostConfig ulimits(List<Ulimit> v) { resources.ulimits(v); return this; }
    TestHostConfig devices(List<DeviceMapping> v) { resources.devices(v); return this; }
}
