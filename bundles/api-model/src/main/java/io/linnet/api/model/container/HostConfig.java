package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's HostConfig as API 1.43 (moby v24) reads it on create and writes it in inspect. The
 * Resources fields are embedded, in Go's field order.
 *
 * <p>Go's JSON rules kept here: nil slices and maps are null (Binds, VolumesFrom, CapAdd, Links,
 * SecurityOpt...); Annotations, StorageOpt, Tmpfs, Sysctls, Runtime, Mounts, Init, KernelMemory and
 * KernelMemoryTCP are omitempty; strings, numbers, LogConfig, RestartPolicy and ConsoleSize are
 * never null (Go value types: the compact constructor turns null into their zero values). CapAdd and
 * CapDrop are Go StrSlices: a single JSON string is read as a one-element list.
 *
 * <p>dockerd echoes what the client sent: the docker CLI sends [] for Dns, DnsOptions, DnsSearch,
 * Devices, Ulimits and the Blkio lists and {} for PortBindings, which inspect then shows; a client
 * that omits them (docker-py, curl) gets null. {@link #withCreateDefaults} adds what dockerd fills
 * on create.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostConfig(
        @JsonProperty("Binds") List<String> binds,
        @JsonProperty("ContainerIDFile") String containerIdFile,
        @JsonProperty("LogConfig") LogConfig logConfig,
        @JsonProperty("NetworkMode") String networkMode,
        @JsonProperty("PortBindings") Map<String, List<PortBinding>> portBindings,
        @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
        @JsonProperty("AutoRemove") boolean autoRemove,
        @JsonProperty("VolumeDriver") String volumeDriver,
        @JsonProperty("VolumesFrom") List<String> volumesFrom,
        @JsonProperty("ConsoleSize") List<Long> consoleSize,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Annotations") Map<String, String> annotations,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @JsonProperty("CapAdd") List<String> capAdd,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @JsonProperty("CapDrop") List<String> capDrop,
        @JsonProperty("CgroupnsMode") String cgroupnsMode,
        @JsonProperty("Dns") List<String> dns,
        @JsonProperty("DnsOptions") List<String> dnsOptions,
        @JsonProperty("DnsSearch") List<String> dnsSearch,
        @JsonProperty("ExtraHosts") List<String> extraHosts,
        @JsonProperty("GroupAdd") List<String> groupAdd,
        @JsonProperty("IpcMode") String ipcMode,
        @JsonProperty("Cgroup") String cgroup,
        @JsonProperty("Links") List<String> links,
        @JsonProperty("OomScoreAdj") int oomScoreAdj,
        @JsonProperty("PidMode") String pidMode,
        @JsonProperty("Privileged") boolean privileged,
        @JsonProperty("PublishAllPorts") boolean publishAllPorts,
        @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
        @JsonProperty("SecurityOpt") List<String> securityOpt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("StorageOpt") Map<String, String> storageOpt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Tmpfs") Map<String, String> tmpfs,
        @JsonProperty("UTSMode") String utsMode,
        @JsonProperty("UsernsMode") String usernsMode,
        @JsonProperty("ShmSize") long shmSize,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Sysctls") Map<String, String> sysctls,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Runtime") String runtime,
        @JsonProperty("Isolation") String isolation,
        @JsonProperty("CpuShares") long cpuShares,
        @JsonProperty("Memory") long memory,
        @JsonProperty("NanoCpus") long nanoCpus,
        @JsonProperty("CgroupParent") String cgroupParent,
        @JsonProperty("BlkioWeight") int blkioWeight,
        @JsonProperty("BlkioWeightDevice") List<BlkioWeightDevice> blkioWeightDevice,
        @JsonProperty("BlkioDeviceReadBps") List<BlkioThrottleDevice> blkioDeviceReadBps,
        @JsonProperty("BlkioDeviceWriteBps") List<BlkioThrottleDevice> blkioDeviceWriteBps,
        @JsonProperty("BlkioDeviceReadIOps") List<BlkioThrottleDevice> blkioDeviceReadIOps,
        @JsonProperty("BlkioDeviceWriteIOps") List<BlkioThrottleDevice> blkioDeviceWriteIOps,
        @JsonProperty("CpuPeriod") long cpuPeriod,
        @JsonProperty("CpuQuota") long cpuQuota,
        @JsonProperty("CpuRealtimePeriod") long cpuRealtimePeriod,
        @JsonProperty("CpuRealtimeRuntime") long cpuRealtimeRuntime,
        @JsonProperty("CpusetCpus") String cpusetCpus,
        @JsonProperty("CpusetMems") String cpusetMems,
        @JsonProperty("Devices") List<DeviceMapping> devices,
        @JsonProperty("DeviceCgroupRules") List<String> deviceCgroupRules,
        @JsonProperty("DeviceRequests") List<DeviceRequest> deviceRequests,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("KernelMemory") long kernelMemory,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("KernelMemoryTCP") long kernelMemoryTcp,
        @JsonProperty("MemoryReservation") long memoryReservation,
        @JsonProperty("MemorySwap") long memorySwap,
        @JsonProperty("MemorySwappiness") Long memorySwappiness,
        @JsonProperty("OomKillDisable") Boolean oomKillDisable,
        @JsonProperty("PidsLimit") Long pidsLimit,
        @JsonProperty("Ulimits") List<Ulimit> ulimits,
        @JsonProperty("CpuCount") long cpuCount,
        @JsonProperty("CpuPercent") long cpuPercent,
        @JsonProperty("IOMaximumIOps") long ioMaximumIOps,
        @JsonProperty("IOMaximumBandwidth") long ioMaximumBandwidth,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Mounts") List<Mount> mounts,
        @JsonProperty("MaskedPaths") List<String> maskedPaths,
        @JsonProperty("ReadonlyPaths") List<String> readonlyPaths,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Init") Boolean init) {

    /** dockerd's default ShmSize: 64 MiB. */
    public static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;

    public HostConfig {
        containerIdFile = containerIdFile == null ? "" : containerIdFile;
        logConfig = logConfig == null ? LogConfig.zero() : logConfig;
        networkMode = networkMode == null ? "" : networkMode;
        restartPolicy = restartPolicy == null ? RestartPolicy.zero() : restartPolicy;
        volumeDriver = volumeDriver == null ? "" : volumeDriver;
        consoleSize = consoleSize == null ? List.of(0L, 0L) : consoleSize;
        cgroupnsMode = cgroupnsMode == null ? "" : cgroupnsMode;
        ipcMode = ipcMode == null ? "" : ipcMode;
        cgroup = cgroup == null ? "" : cgroup;
        pidMode = pidMode == null ? "" : pidMode;
        utsMode = utsMode == null ? "" : utsMode;
        usernsMode = usernsMode == null ? "" : usernsMode;
        runtime = runtime == null ? "" : runtime;
        isolation = isolation == null ? "" : isolation;
        cgroupParent = cgroupParent == null ? "" : cgroupParent;
        cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
        cpusetMems = cpusetMems == null ? "" : cpusetMems;
    }

    /** All fields at Go's zero values (what dockerd decodes from {@code {}}). */
    public static HostConfig zero() {
        return new HostConfig(
                null, "", LogConfig.zero(), "", null, RestartPolicy.zero(), false, "", null, List.of(0L, 0L),
                null, null, null, "", null, null, null, null, null, "", "", null, 0, "", false, false, false,
                null, null, null, "", "", 0, null, "", "", 0, 0, 0, "", 0, null, null, null, null, null, 0,
                0, 0, 0, "", "", null, null, null, 0, 0, 0, 0, null, null, null, null, 0, 0, 0, 0, null,
                null, null, null);
    }

    /**
     * The HostConfig dockerd stores (and inspect shows) for a create body without HostConfig: Go's
     * zero value with the create defaults, but no Runtime (dockerd fills Runtime on create only when
     * a HostConfig was sent; otherwise at start).
     */
    public static HostConfig defaults(CreateDefaults daemon) {
        return zero().withCreateDefaults(new CreateDefaults(daemon.cgroupV2(), "", daemon.logConfig()));
    }

    /** {@link #defaults(CreateDefaults)} for a stock dockerd (json-file, runc). */
    public static HostConfig defaults(boolean cgroupV2) {
        return defaults(CreateDefaults.dockerd(cgroupV2));
    }

    /**
     * What dockerd (v24, API 1.42+) does to a HostConfig on {@code POST /containers/create} before it
     * stores it:
     * <ul>
     * <li>NetworkMode "" becomes "default" (inspect and list show "default", not "bridge");</li>
     * <li>LogConfig: Type "" becomes the daemon's driver, a null Config becomes {}, and the daemon's
     * log options are added when the driver is the daemon's;</li>
     * <li>MemorySwap 0 with Memory &gt; 0 becomes 2 × Memory; ShmSize 0 becomes 64 MiB;</li>
     * <li>IpcMode "" becomes "private"; CgroupnsMode "" becomes "private" on cgroup v2, "host" on
     * v1;</li>
     * <li>OomKillDisable null becomes false; MemorySwappiness -1 (the CLI's "unset") and PidsLimit
     * &le; 0 become null; KernelMemory becomes 0;</li>
     * <li>Runtime "" becomes the daemon's default runtime (when {@code daemon.runtime()} is not
     * empty).</li>
     * </ul>
     * RestartPolicy is left as sent (Name "" stays ""), and so are the lists the client sent as []
     * or null. Not done here because they need daemon state: rewriting {@code container:<name>} IPC
     * and PID modes to the container's ID, SELinux labels in SecurityOpt, the default MaskedPaths and
     * ReadonlyPaths (the engine's policy: it stores them with the container).
     */
    public HostConfig withCreateDefaults(CreateDefaults daemon) {
        Builder b = toBuilder();
        if (networkMode.isEmpty()) {
            b.networkMode("default");
        }
        LogConfig daemonLog = daemon.logConfig() == null ? LogConfig.jsonFile() : daemon.logConfig();
        String logType = logConfig.type().isEmpty() ? daemonLog.type() : logConfig.type();
        Map<String, String> logOpts = logConfig.config() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(logConfig.config());
        if (logType.equals(daemonLog.type()) && daemonLog.config() != null) {
            daemonLog.config().forEach(logOpts::putIfAbsent);
        }
        b.logConfig(new LogConfig(logType, logOpts));
        if (memory > 0 && memorySwap == 0) {
            b.memorySwap(memory * 2);
        }
        if (shmSize == 0) {
            b.shmSize(DEFAULT_SHM_SIZE);
        }
        if (ipcMode.isEmpty()) {
            b.ipcMode("private");
        }
        if (cgroupnsMode.isEmpty()) {
            b.cgroupnsMode(daemon.cgroupV2() ? "private" : "host");
        }
        if (oomKillDisable == null) {
            b.oomKillDisable(false);
        }
        if (memorySwappiness != null && memorySwappiness == -1) {
            b.memorySwappiness(null);
        }
        if (pidsLimit != null && pidsLimit <= 0) {
            b.pidsLimit(null);
        }
        b.kernelMemory(0);
        if (runtime.isEmpty() && daemon.runtime() != null && !daemon.runtime().isEmpty()) {
            b.runtime(daemon.runtime());
        }
        return b.build();
    }

    /**
     * What the daemon fills on create.
     *
     * @param cgroupV2 whether the host runs the unified cgroup hierarchy (decides CgroupnsMode)
     * @param runtime the default runtime name, "" to leave Runtime alone
     * @param logConfig the daemon's log driver and options
     */
    public record CreateDefaults(boolean cgroupV2, String runtime, LogConfig logConfig) {
        /** A stock dockerd: runtime "runc", log driver json-file without options. */
        public static CreateDefaults dockerd(boolean cgroupV2) {
            return new CreateDefaults(cgroupV2, "runc", LogConfig.jsonFile());
        }
    }

    /** The Resources fields of this HostConfig. */
    public Resources resources() {
        return new Resources(
                cpuShares, memory, nanoCpus, cgroupParent, blkioWeight, blkioWeightDevice,
                blkioDeviceReadBps, blkioDeviceWriteBps, blkioDeviceReadIOps, blkioDeviceWriteIOps,
                cpuPeriod, cpuQuota, cpuRealtimePeriod, cpuRealtimeRuntime, cpusetCpus, cpusetMems, devices,
                deviceCgroupRules, deviceRequests, kernelMemory, kernelMemoryTcp, memoryReservation,
                memorySwap, memorySwappiness, oomKillDisable, pidsLimit, ulimits, cpuCount, cpuPercent,
                ioMaximumIOps, ioMaximumBandwidth);
    }

    /** A builder starting from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.binds = binds;
        b.containerIdFile = containerIdFile;
        b.logConfig = logConfig;
        b.networkMode = networkMode;
        b.portBindings = portBindings;
        b.restartPolicy = restartPolicy;
        b.autoRemove = autoRemove;
        b.volumeDriver = volumeDriver;
        b.volumesFrom = volumesFrom;
        b.consoleSize = consoleSize;
        b.annotations = annotations;
        b.capAdd = capAdd;
        b.capDrop = capDrop;
        b.cgroupnsMode = cgroupnsMode;
        b.dns = dns;
        b.dnsOptions = dnsOptions;
        b.dnsSearch = dnsSearch;
        b.extraHosts = extraHosts;
        b.groupAdd = groupAdd;
        b.ipcMode = ipcMode;
        b.cgroup = cgroup;
        b.links = links;
        b.oomScoreAdj = oomScoreAdj;
        b.pidMode = pidMode;
        b.privileged = privileged;
        b.publishAllPorts = publishAllPorts;
        b.readonlyRootfs = readonlyRootfs;
        b.securityOpt = securityOpt;
        b.storageOpt = storageOpt;
        b.tmpfs = tmpfs;
        b.utsMode = utsMode;
        b.usernsMode = usernsMode;
        b.shmSize = shmSize;
        b.sysctls = sysctls;
        b.runtime = runtime;
        b.isolation = isolation;
        b.cpuShares = cpuShares;
        b.memory = memory;
        b.nanoCpus = nanoCpus;
        b.cgroupParent = cgroupParent;
        b.blkioWeight = blkioWeight;
        b.blkioWeightDevice = blkioWeightDevice;
        b.blkioDeviceReadBps = blkioDeviceReadBps;
        b.blkioDeviceWriteBps = blkioDeviceWriteBps;
        b.blkioDeviceReadIOps = blkioDeviceReadIOps;
        b.blkioDeviceWriteIOps = blkioDeviceWriteIOps;
        b.cpuPeriod = cpuPeriod;
        b.cpuQuota = cpuQuota;
        b.cpuRealtimePeriod = cpuRealtimePeriod;
        b.cpuRealtimeRuntime = cpuRealtimeRuntime;
        b.cpusetCpus = cpusetCpus;
        b.cpusetMems = cpusetMems;
        b.devices = devices;
        b.deviceCgroupRules = deviceCgroupRules;
        b.deviceRequests = deviceRequests;
        b.kernelMemory = kernelMemory;
        b.kernelMemoryTcp = kernelMemoryTcp;
        b.memoryReservation = memoryReservation;
        b.memorySwap = memorySwap;
        b.memorySwappiness = memorySwappiness;
        b.oomKillDisable = oomKillDisable;
        b.pidsLimit = pidsLimit;
        b.ulimits = ulimits;
        b.cpuCount = cpuCount;
        b.cpuPercent = cpuPercent;
        b.ioMaximumIOps = ioMaximumIOps;
        b.ioMaximumBandwidth = ioMaximumBandwidth;
        b.mounts = mounts;
        b.maskedPaths = maskedPaths;
        b.readonlyPaths = readonlyPaths;
        b.init = init;
        return b;
    }

    /** Mutable builder; unset fields keep Go's zero values. */
    public static final class Builder {
        private List<String> binds = null;
        private String containerIdFile = "";
        private LogConfig logConfig = LogConfig.zero();
        private String networkMode = "";
        private Map<String, List<PortBinding>> portBindings = null;
        private RestartPolicy restartPolicy = RestartPolicy.zero();
        private boolean autoRemove = false;
        private String volumeDriver = "";
        private List<String> volumesFrom = null;
        private List<Long> consoleSize = List.of(0L, 0L);
        private Map<String, String> annotations = null;
        private List<String> capAdd = null;
        private List<String> capDrop = null;
        private String cgroupnsMode = "";
        private List<String> dns = null;
        private List<String> dnsOptions = null;
        private List<String> dnsSearch = null;
        private List<String> extraHosts = null;
        private List<String> groupAdd = null;
        private String ipcMode = "";
        private String cgroup = "";
        private List<String> links = null;
        private int oomScoreAdj = 0;
        private String pidMode = "";
        private boolean privileged = false;
        private boolean publishAllPorts = false;
        private boolean readonlyRootfs = false;
        private List<String> securityOpt = null;
        private Map<String, String> storageOpt = null;
        private Map<String, String> tmpfs = null;
        private String utsMode = "";
        private String usernsMode = "";
        private long shmSize = 0;
        private Map<String, String> sysctls = null;
        private String runtime = "";
        private String isolation = "";
        private long cpuShares = 0;
        private long memory = 0;
        private long nanoCpus = 0;
        private String cgroupParent = "";
        private int blkioWeight = 0;
        private List<BlkioWeightDevice> blkioWeightDevice = null;
        private List<BlkioThrottleDevice> blkioDeviceReadBps = null;
        private List<BlkioThrottleDevice> blkioDeviceWriteBps = null;
        private List<BlkioThrottleDevice> blkioDeviceReadIOps = null;
        private List<BlkioThrottleDevice> blkioDeviceWriteIOps = null;
        private long cpuPeriod = 0;
        private long cpuQuota = 0;
        private long cpuRealtimePeriod = 0;
        private long cpuRealtimeRuntime = 0;
        private String cpusetCpus = "";
        private String cpusetMems = "";
        private List<DeviceMapping> devices = null;
        private List<String> deviceCgroupRules = null;
        private List<DeviceRequest> deviceRequests = null;
        private long kernelMemory = 0;
        private long kernelMemoryTcp = 0;
        private long memoryReservation = 0;
        private long memorySwap = 0;
        private Long memorySwappiness = null;
        private Boolean oomKillDisable = null;
        private Long pidsLimit = null;
        private List<Ulimit> ulimits = null;
        private long cpuCount = 0;
        private long cpuPercent = 0;
        private long ioMaximumIOps = 0;
        private long ioMaximumBandwidth = 0;
        private List<Mount> mounts = null;
        private List<String> maskedPaths = null;
        private List<String> readonlyPaths = null;
        private Boolean init = null;

        public Builder() {
        }

        public Builder binds(List<String> value) {
            this.binds = value;
            return this;
        }

        public Builder containerIdFile(String value) {
            this.containerIdFile = value;
            return this;
        }

        public Builder logConfig(LogConfig value) {
            this.logConfig = value;
            return this;
        }

        public Builder networkMode(String value) {
            this.networkMode = value;
            return this;
        }

        public Builder portBindings(Map<String, List<PortBinding>> value) {
            this.portBindings = value;
            return this;
        }

        public Builder restartPolicy(RestartPolicy value) {
            this.restartPolicy = value;
            return this;
        }

        public Builder autoRemove(boolean value) {
            this.autoRemove = value;
            return this;
        }

        public Builder volumeDriver(String value) {
            this.volumeDriver = value;
            return this;
        }

        public Builder volumesFrom(List<String> value) {
            this.volumesFrom = value;
            return this;
        }

        public Builder consoleSize(List<Long> value) {
            this.consoleSize = value;
            return this;
        }

        public Builder annotations(Map<String, String> value) {
            this.annotations = value;
            return this;
        }

        public Builder capAdd(List<String> value) {
            this.capAdd = value;
            return this;
        }

        public Builder capDrop(List<String> value) {
            this.capDrop = value;
            return this;
        }

        public Builder cgroupnsMode(String value) {
            this.cgroupnsMode = value;
            return this;
        }

        public Builder dns(List<String> value) {
            this.dns = value;
            return this;
        }

        public Builder dnsOptions(List<String> value) {
            this.dnsOptions = value;
            return this;
        }

        public Builder dnsSearch(List<String> value) {
            this.dnsSearch = value;
            return this;
        }

        public Builder extraHosts(List<String> value) {
            this.extraHosts = value;
            return this;
        }

        public Builder groupAdd(List<String> value) {
            this.groupAdd = value;
            return this;
        }

        public Builder ipcMode(String value) {
            this.ipcMode = value;
            return this;
        }

        public Builder cgroup(String value) {
            this.cgroup = value;
            return this;
        }

        public Builder links(List<String> value) {
            this.links = value;
            return this;
        }

        public Builder oomScoreAdj(int value) {
            this.oomScoreAdj = value;
            return this;
        }

        public Builder pidMode(String value) {
            this.pidMode = value;
            return this;
        }

        public Builder privileged(boolean value) {
            this.privileged = value;
            return this;
        }

        public Builder publishAllPorts(boolean value) {
            this.publishAllPorts = value;
            return this;
        }

        public Builder readonlyRootfs(boolean value) {
            this.readonlyRootfs = value;
            return this;
        }

        public Builder securityOpt(List<String> value) {
            this.securityOpt = value;
            return this;
        }

        public Builder storageOpt(Map<String, String> value) {
            this.storageOpt = value;
            return this;
        }

        public Builder tmpfs(Map<String, String> value) {
            this.tmpfs = value;
            return this;
        }

        public Builder utsMode(String value) {
            this.utsMode = value;
            return this;
        }

        public Builder usernsMode(String value) {
            this.usernsMode = value;
            return this;
        }

        public Builder shmSize(long value) {
            this.shmSize = value;
            return this;
        }

        public Builder sysctls(Map<String, String> value) {
            this.sysctls = value;
            return this;
        }

        public Builder runtime(String value) {
            this.runtime = value;
            return this;
        }

        public Builder isolation(String value) {
            this.isolation = value;
            return this;
        }

        public Builder cpuShares(long value) {
            this.cpuShares = value;
            return this;
        }

        public Builder memory(long value) {
            this.memory = value;
            return this;
        }

        public Builder nanoCpus(long value) {
            this.nanoCpus = value;
            return this;
        }

        public Builder cgroupParent(String value) {
            this.cgroupParent = value;
            return this;
        }

        public Builder blkioWeight(int value) {
            this.blkioWeight = value;
            return this;
        }

        public Builder blkioWeightDevice(List<BlkioWeightDevice> value) {
            this.blkioWeightDevice = value;
            return this;
        }

        public Builder blkioDeviceReadBps(List<BlkioThrottleDevice> value) {
            this.blkioDeviceReadBps = value;
            return this;
        }

        public Builder blkioDeviceWriteBps(List<BlkioThrottleDevice> value) {
            this.blkioDeviceWriteBps = value;
            return this;
        }

        public Builder blkioDeviceReadIOps(List<BlkioThrottleDevice> value) {
            this.blkioDeviceReadIOps = value;
            return this;
        }

        public Builder blkioDeviceWriteIOps(List<BlkioThrottleDevice> value) {
            this.blkioDeviceWriteIOps = value;
            return this;
        }

        public Builder cpuPeriod(long value) {
            this.cpuPeriod = value;
            return this;
        }

        public Builder cpuQuota(long value) {
            this.cpuQuota = value;
            return this;
        }

        public Builder cpuRealtimePeriod(long value) {
            this.cpuRealtimePeriod = value;
            return this;
        }

        public Builder cpuRealtimeRuntime(long value) {
            this.cpuRealtimeRuntime = value;
            return this;
        }

        public Builder cpusetCpus(String value) {
            this.cpusetCpus = value;
            return this;
        }

        public Builder cpusetMems(String value) {
            this.cpusetMems = value;
            return this;
        }

        public Builder devices(List<DeviceMapping> value) {
            this.devices = value;
            return this;
        }

        public Builder deviceCgroupRules(List<String> value) {
            this.deviceCgroupRules = value;
            return this;
        }

        public Builder deviceRequests(List<DeviceRequest> value) {
            this.deviceRequests = value;
            return this;
        }

        public Builder kernelMemory(long value) {
            this.kernelMemory = value;
            return this;
        }

        public Builder kernelMemoryTcp(long value) {
            this.kernelMemoryTcp = value;
            return this;
        }

        public Builder memoryReservation(long value) {
            this.memoryReservation = value;
            return this;
        }

        public Builder memorySwap(long value) {
            this.memorySwap = value;
            return this;
        }

        public Builder memorySwappiness(Long value) {
            this.memorySwappiness = value;
            return this;
        }

        public Builder oomKillDisable(Boolean value) {
            this.oomKillDisable = value;
            return this;
        }

        public Builder pidsLimit(Long value) {
            this.pidsLimit = value;
            return this;
        }

        public Builder ulimits(List<Ulimit> value) {
            this.ulimits = value;
            return this;
        }

        public Builder cpuCount(long value) {
            this.cpuCount = value;
            return this;
        }

        public Builder cpuPercent(long value) {
            this.cpuPercent = value;
            return this;
        }

        public Builder ioMaximumIOps(long value) {
            this.ioMaximumIOps = value;
            return this;
        }

        public Builder ioMaximumBandwidth(long value) {
            this.ioMaximumBandwidth = value;
            return this;
        }

        public Builder mounts(List<Mount> value) {
            this.mounts = value;
            return this;
        }

        public Builder maskedPaths(List<String> value) {
            this.maskedPaths = value;
            return this;
        }

        public Builder readonlyPaths(List<String> value) {
            this.readonlyPaths = value;
            return this;
        }

        public Builder init(Boolean value) {
            this.init = value;
            return this;
        }

        public HostConfig build() {
            return new HostConfig(
                    binds, containerIdFile, logConfig, networkMode, portBindings, restartPolicy, autoRemove,
                    volumeDriver, volumesFrom, consoleSize, annotations, capAdd, capDrop, cgroupnsMode, dns,
                    dnsOptions, dnsSearch, extraHosts, groupAdd, ipcMode, cgroup, links, oomScoreAdj,
                    pidMode, privileged, publishAllPorts, readonlyRootfs, securityOpt, storageOpt, tmpfs,
                    utsMode, usernsMode, shmSize, sysctls, runtime, isolation, cpuShares, memory, nanoCpus,
                    cgroupParent, blkioWeight, blkioWeightDevice, blkioDeviceReadBps, blkioDeviceWriteBps,
                    blkioDeviceReadIOps, blkioDeviceWriteIOps, cpuPeriod, cpuQuota, cpuRealtimePeriod,
                    cpuRealtimeRuntime, cpusetCpus, cpusetMems, devices, deviceCgroupRules, deviceRequests,
                    kernelMemory, kernelMemoryTcp, memoryReservation, memorySwap, memorySwappiness,
                    oomKillDisable, pidsLimit, ulimits, cpuCount, cpuPercent, ioMaximumIOps,
                    ioMaximumBandwidth, mounts, maskedPaths, readonlyPaths, init);
        }

        /** Copies every Resources field. */
        public Builder resources(Resources r) {
            this.cpuShares = r.cpuShares();
            this.memory = r.memory();
            this.nanoCpus = r.nanoCpus();
            this.cgroupParent = r.cgroupParent();
            this.blkioWeight = r.blkioWeight();
            this.blkioWeightDevice = r.blkioWeightDevice();
            this.blkioDeviceReadBps = r.blkioDeviceReadBps();
            this.blkioDeviceWriteBps = r.blkioDeviceWriteBps();
            this.blkioDeviceReadIOps = r.blkioDeviceReadIOps();
            this.blkioDeviceWriteIOps = r.blkioDeviceWriteIOps();
            this.cpuPeriod = r.cpuPeriod();
            this.cpuQuota = r.cpuQuota();
            this.cpuRealtimePeriod = r.cpuRealtimePeriod();
            this.cpuRealtimeRuntime = r.cpuRealtimeRuntime();
            this.cpusetCpus = r.cpusetCpus();
            this.cpusetMems = r.cpusetMems();
            this.devices = r.devices();
            this.deviceCgroupRules = r.deviceCgroupRules();
            this.deviceRequests = r.deviceRequests();
            this.kernelMemory = r.kernelMemory();
            this.kernelMemoryTcp = r.kernelMemoryTcp();
            this.memoryReservation = r.memoryReservation();
            this.memorySwap = r.memorySwap();
            this.memorySwappiness = r.memorySwappiness();
            this.oomKillDisable = r.oomKillDisable();
            this.pidsLimit = r.pidsLimit();
            this.ulimits = r.ulimits();
            this.cpuCount = r.cpuCount();
            this.cpuPercent = r.cpuPercent();
            this.ioMaximumIOps = r.ioMaximumIOps();
            this.ioMaximumBandwidth = r.ioMaximumBandwidth();
            return this;
        }
    }

}
