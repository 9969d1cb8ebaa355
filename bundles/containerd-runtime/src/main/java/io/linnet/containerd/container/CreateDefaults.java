package io.linnet.containerd.container;

import io.linnet.api.model.container.HostConfig;
import io.linnet.api.model.container.LogConfig;
import io.linnet.api.model.container.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What dockerd (v24, API 1.42+) does to a HostConfig on {@code POST /containers/create} before it
 * stores it: the engine's policy, applied by {@code ContainerService.create}.
 * <ul>
 * <li>NetworkMode "" becomes "default" (inspect and list show "default", not "bridge");</li>
 * <li>LogConfig: Type "" becomes the daemon's driver, a null Config becomes {}, and the daemon's log
 * options are added when the driver is the daemon's;</li>
 * <li>MemorySwap 0 with Memory &gt; 0 becomes 2 × Memory; ShmSize 0 becomes the daemon's (64 MiB);</li>
 * <li>IpcMode "" becomes "private"; CgroupnsMode "" becomes the daemon's, else "private" on cgroup v2,
 * "host" on v1;</li>
 * <li>OomKillDisable null becomes false; MemorySwappiness -1 (the CLI's "unset") and PidsLimit &le; 0
 * become null; KernelMemory becomes 0;</li>
 * <li>Runtime "" becomes the daemon's default runtime (when {@code runtime} is not empty);</li>
 * <li>SecurityOpt gets "label=disable" with host IPC or PID or privileged, unless it names a label.</li>
 * </ul>
 * RestartPolicy is left as sent (Name "" stays ""), and so are the lists the client sent as [] or
 * null. The default MaskedPaths and ReadonlyPaths are {@link SystemPaths}'.
 *
 * @param cgroupV2  whether the host runs the unified cgroup hierarchy (decides CgroupnsMode)
 * @param runtime   the default runtime name, "" to leave Runtime alone
 * @param logConfig the daemon's log driver and options
 * @param shmSize   the daemon's default-shm-size
 * @param cgroupnsMode the daemon's default-cgroupns-mode, "" for the host's default
 */
record CreateDefaults(boolean cgroupV2, String runtime, LogConfig logConfig, long shmSize, String cgroupnsMode) {

    CreateDefaults(boolean cgroupV2, String runtime, LogConfig logConfig) {
        this(cgroupV2, runtime, logConfig, HostConfig.DEFAULT_SHM_SIZE, "");
    }

    /** A stock dockerd: runtime "runc", log driver json-file without options. */
    static CreateDefaults dockerd(boolean cgroupV2) {
        return new CreateDefaults(cgroupV2, "runc", LogConfig.jsonFile());
    }

    /** The daemon's configured defaults (daemon.json, flags). */
    static CreateDefaults of(io.linnet.containerd.config.EngineDefaults daemon, boolean cgroupV2) {
        return new CreateDefaults(cgroupV2, daemon.defaultRuntime(),
                new LogConfig(daemon.logDriver(), daemon.logOpts()), daemon.shmSize(), daemon.cgroupnsMode());
    }

    /**
     * The HostConfig to store for what the client sent; null (no HostConfig in the body) is Go's
     * zero value with the defaults but no Runtime (dockerd fills it at start then, not on create).
     */
    HostConfig apply(HostConfig sent) {
        if (sent == null) {
            return new CreateDefaults(cgroupV2, "", logConfig, shmSize, cgroupnsMode).apply(HostConfig.zero());
        }
        HostConfig.Builder b = sent.toBuilder();
        if (sent.networkMode().isEmpty()) {
            b.networkMode("default");
        }
        LogConfig daemonLog = logConfig == null ? LogConfig.jsonFile() : logConfig;
        LogConfig log = sent.logConfig();
        String logType = log.type().isEmpty() ? daemonLog.type() : log.type();
        Map<String, String> logOpts = log.config() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(log.config());
        if (logType.equals(daemonLog.type()) && daemonLog.config() != null) {
            daemonLog.config().forEach(logOpts::putIfAbsent);
        }
        b.logConfig(new LogConfig(logType, logOpts));
        if (sent.shmSize() == 0) {
            b.shmSize(shmSize);
        }
        if (sent.ipcMode().isEmpty()) {
            b.ipcMode("private");
        }
        if (sent.cgroupnsMode().isEmpty()) {
            b.cgroupnsMode(!cgroupnsMode.isEmpty() ? cgroupnsMode : cgroupV2 ? "private" : "host");
        }
        if (sent.runtime().isEmpty() && runtime != null && !runtime.isEmpty()) {
            b.runtime(runtime);
        }
        List<String> securityOpt = sent.securityOpt() == null ? List.of() : sent.securityOpt();
        if (("host".equals(sent.ipcMode()) || "host".equals(sent.pidMode()) || sent.privileged())
                && securityOpt.stream().noneMatch(o -> o.split("=")[0].equals("label"))) {
            List<String> withLabel = new ArrayList<>(securityOpt); // moby's generateSecurityOpt
            withLabel.add("label=disable");
            b.securityOpt(withLabel);
        }
        return b.resources(resources(sent.resources())).build();
    }

    private static Resources resources(Resources r) {
        Resources.Builder b = r.toBuilder();
        if (r.memory() > 0 && r.memorySwap() == 0) {
            b.memorySwap(r.memory() * 2);
        }
        if (r.oomKillDisable() == null) {
            b.oomKillDisable(false);
        }
        if (r.memorySwappiness() != null && r.memorySwappiness() == -1) {
            b.memorySwappiness(null);
        }
        if (r.pidsLimit() != null && r.pidsLimit() <= 0) {
            b.pidsLimit(null);
        }
        return b.kernelMemory(0).build();
    }
}
