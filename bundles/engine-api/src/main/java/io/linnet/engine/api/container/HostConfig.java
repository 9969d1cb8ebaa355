package io.linnet.engine.api.container;

import java.util.List;
import java.util.Map;

/**
 * The Docker HostConfig fields that shape a container's runtime spec. Numbers are Docker's: bytes,
 * nano-CPUs, microseconds; 0 means "not set". Lists and maps are never null.
 *
 * @param memorySwap  memory + swap; -1 unlimited; 0 with a memory limit: twice the memory (as dockerd)
 * @param pidsLimit   0 or negative: unlimited
 * @param shmSize     bytes of /dev/shm; 0 for 64 MiB
 * @param tmpfs       container path to mount options ("size=64m,mode=1777")
 * @param binds       {@code /host/path:/container/path[:ro|rw,...]}
 * @param ipcMode     "", "private", "shareable" or "host"
 * @param pidMode     "" (private) or "host"
 * @param utsMode     "" (private) or "host"
 * @param oomKillDisable null when not set
 * @param init        run an init as PID 1 (recorded: no init binary yet)
 * @param mounts      HostConfig.Mounts ({@code --mount})
 * @param volumesFrom {@code container[:ro|rw]}: that container's mounts, again
 * @param maskedPaths   HostConfig.MaskedPaths: null for the daemon's defaults, [] for none
 *                      ({@code --security-opt systempaths=unconfined} as the CLI sends it)
 * @param readonlyPaths HostConfig.ReadonlyPaths: null for the daemon's defaults, [] for none
 */
public record HostConfig(
        long memory,
        long memorySwap,
        long memoryReservation,
        long nanoCpus,
        long cpuShares,
        long cpuPeriod,
        long cpuQuota,
        String cpusetCpus,
        String cpusetMems,
        long pidsLimit,
        List<Ulimit> ulimits,
        boolean privileged,
        List<String> capAdd,
        List<String> capDrop,
        boolean readonlyRootfs,
        List<String> securityOpt,
        List<DeviceMapping> devices,
        Map<String, String> sysctls,
        long shmSize,
        Map<String, String> tmpfs,
        List<String> binds,
        List<String> groupAdd,
        String ipcMode,
        String pidMode,
        String utsMode,
        Boolean oomKillDisable,
        boolean init,
        List<MountRequest> mounts,
        List<String> volumesFrom,
        List<String> maskedPaths,
        List<String> readonlyPaths) {

    /** An rlimit by Docker's name ("nofile", "nproc"...). */
    public record Ulimit(String name, long soft, long hard) {
    }

    /** {@code --device /dev/x[:/dev/y[:rwm]]}. */
    public record DeviceMapping(String pathOnHost, String pathInContainer, String cgroupPermissions) {
    }

    public HostConfig {
        cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
        cpusetMems = cpusetMems == null ? "" : cpusetMems;
        ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
        securityOpt = securityOpt == null ? List.of() : List.copyOf(securityOpt);
        devices = devices == null ? List.of() : List.copyOf(devices);
        sysctls = sysctls == null ? Map.of() : Map.copyOf(sysctls);
        tmpfs = tmpfs == null ? Map.of() : Map.copyOf(tmpfs);
        binds = binds == null ? List.of() : List.copyOf(binds);
        groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
        ipcMode = ipcMode == null ? "" : ipcMode;
        pidMode = pidMode == null ? "" : pidMode;
        utsMode = utsMode == null ? "" : utsMode;
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        volumesFrom = volumesFrom == null ? List.of() : List.copyOf(volumesFrom);
        maskedPaths = maskedPaths == null ? null : List.copyOf(maskedPaths);
        readonlyPaths = readonlyPaths == null ? null : List.copyOf(readonlyPaths);
    }

    /** Without MaskedPaths and ReadonlyPaths: the daemon's defaults. */
    public HostConfig(long memory, long memorySwap, long memoryReservation, long nanoCpus, long cpuShares,
            long cpuPeriod, long cpuQuota, String cpusetCpus, String cpusetMems, long pidsLimit, List<Ulimit> ulimits,
            boolean privileged, List<String> capAdd, List<String> capDrop, boolean readonlyRootfs,
            List<String> securityOpt, List<DeviceMapping> devices, Map<String, String> sysctls, long shmSize,
            Map<String, String> tmpfs, List<String> binds, List<String> groupAdd, String ipcMode, String pidMode,
            String utsMode, Boolean oomKillDisable, boolean init, List<MountRequest> mounts, List<String> volumesFrom) {
        this(memory, memorySwap, memoryReservation, nanoCpus, cpuShares, cpuPeriod, cpuQuota, cpusetCpus, cpusetMems,
                pidsLimit, ulimits, privileged, capAdd, capDrop, readonlyRootfs, securityOpt, devices, sysctls, shmSize,
                tmpfs, binds, groupAdd, ipcMode, pidMode, utsMode, oomKillDisable, init, mounts, volumesFrom, null, null);
    }

    public static HostConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.memory = memory; b.memorySwap = memorySwap; b.memoryReservation = memoryReservation; b.nanoCpus = nanoCpus;
        b.cpuShares = cpuShares; b.cpuPeriod = cpuPeriod; b.cpuQuota = cpuQuota; b.cpusetCpus = cpusetCpus;
        b.cpusetMems = cpusetMems; b.pidsLimit = pidsLimit; b.ulimits = ulimits; b.privileged = privileged;
        b.capAdd = capAdd; b.capDrop = capDrop; b.readonlyRootfs = readonlyRootfs; b.securityOpt = securityOpt;
        b.devices = devices; b.sysctls = sysctls; b.shmSize = shmSize; b.tmpfs = tmpfs; b.binds = binds;
        b.groupAdd = groupAdd; b.ipcMode = ipcMode; b.pidMode = pidMode; b.utsMode = utsMode;
        b.oomKillDisable = oomKillDisable; b.init = init; b.mounts = mounts; b.volumesFrom = volumesFrom;
        b.maskedPaths = maskedPaths; b.readonlyPaths = readonlyPaths;
        return b;
    }

    /** Builds a HostConfig field by field (most requests set few of them). */
    public static final class Builder {
        private long memory, memorySwap, memoryReservation, nanoCpus, cpuShares, cpuPeriod, cpuQuota, pidsLimit, shmSize;
        private String cpusetCpus = "", cpusetMems = "", ipcMode = "", pidMode = "", utsMode = "";
        private List<Ulimit> ulimits = List.of();
        private List<String> capAdd = List.of(), capDrop = List.of(), securityOpt = List.of(), binds = List.of(),
                groupAdd = List.of(), volumesFrom = List.of();
        private List<MountRequest> mounts = List.of();
        private List<String> maskedPaths, readonlyPaths;
        private List<DeviceMapping> devices = List.of();
        private Map<String, String> sysctls = Map.of(), tmpfs = Map.of();
        private boolean privileged, readonlyRootfs, init;
        private Boolean oomKillDisable;

        public Builder memory(long v) { memory = v; return this; }
        public Builder memorySwap(long v) { memorySwap = v; return this; }
        public Builder memoryReservation(long v) { memoryReservation = v; return this; }
        public Builder nanoCpus(long v) { nanoCpus = v; return this; }
        public Builder cpuShares(long v) { cpuShares = v; return this; }
        public Builder cpuPeriod(long v) { cpuPeriod = v; return this; }
        public Builder cpuQuota(long v) { cpuQuota = v; return this; }
        public Builder cpusetCpus(String v) { cpusetCpus = v; return this; }
        public Builder cpusetMems(String v) { cpusetMems = v; return this; }
        public Builder pidsLimit(long v) { pidsLimit = v; return this; }
        public Builder ulimits(List<Ulimit> v) { ulimits = v; return this; }
        public Builder privileged(boolean v) { privileged = v; return this; }
        public Builder capAdd(List<String> v) { capAdd = v; return this; }
        public Builder capDrop(List<String> v) { capDrop = v; return this; }
        public Builder readonlyRootfs(boolean v) { readonlyRootfs = v; return this; }
        public Builder securityOpt(List<String> v) { securityOpt = v; return this; }
        public Builder devices(List<DeviceMapping> v) { devices = v; return this; }
        public Builder sysctls(Map<String, String> v) { sysctls = v; return this; }
        public Builder shmSize(long v) { shmSize = v; return this; }
        public Builder tmpfs(Map<String, String> v) { tmpfs = v; return this; }
        public Builder binds(List<String> v) { binds = v; return this; }
        public Builder groupAdd(List<String> v) { groupAdd = v; return this; }
        public Builder ipcMode(String v) { ipcMode = v; return this; }
        public Builder pidMode(String v) { pidMode = v; return this; }
        public Builder utsMode(String v) { utsMode = v; return this; }
        public Builder oomKillDisable(Boolean v) { oomKillDisable = v; return this; }
        public Builder init(boolean v) { init = v; return this; }
        public Builder mounts(List<MountRequest> v) { mounts = v; return this; }
        public Builder volumesFrom(List<String> v) { volumesFrom = v; return this; }
        public Builder maskedPaths(List<String> v) { maskedPaths = v; return this; }
        public Builder readonlyPaths(List<String> v) { readonlyPaths = v; return this; }

        public HostConfig build() {
            return new HostConfig(memory, memorySwap, memoryReservation, nanoCpus, cpuShares, cpuPeriod, cpuQuota,
                    cpusetCpus, cpusetMems, pidsLimit, ulimits, privileged, capAdd, capDrop, readonlyRootfs, securityOpt,
                    devices, sysctls, shmSize, tmpfs, binds, groupAdd, ipcMode, pidMode, utsMode, oomKillDisable, init, mounts,
                    volumesFrom, maskedPaths, readonlyPaths);
        }
    }
}
