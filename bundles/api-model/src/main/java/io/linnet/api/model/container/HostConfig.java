package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
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
 * that omits them (docker-py, curl) gets null. What dockerd fills on create is the engine's policy
 * (containerd-runtime's {@code CreateDefaults}), not this type's.
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
        @JsonUnwrapped Resources resources,
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
        resources = resources == null ? Resources.zero() : resources;
    }

    /** All fields at Go's zero values (what dockerd decodes from {@code {}}). */
    public static HostConfig zero() {
        return new Builder().build();
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
        b.resources = resources;
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
        private Resources resources = Resources.zero();
        private List<Mount> mounts = null;
        private List<String> maskedPaths = null;
        private List<String> readonlyPaths = null;
        private Boolean init = null;

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

        public Builder resources(Resources value) {
            this.resources = value;
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
                    dnsOptions, dnsSearch, extraHosts, groupAdd, ipcMode, cgroup, links, oomScoreAdj, pidMode,
                    privileged, publishAllPorts, readonlyRootfs, securityOpt, storageOpt, tmpfs, utsMode,
                    usernsMode, shmSize, sysctls, runtime, isolation, resources, mounts, maskedPaths,
                    readonlyPaths, init);
        }
    }
}
