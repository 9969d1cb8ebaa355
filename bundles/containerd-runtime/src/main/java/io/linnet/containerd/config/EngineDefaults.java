package io.linnet.containerd.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.linnet.api.model.json.DockerJson;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dockerd's daemon-wide defaults as the engine applies them (checked by the launcher, which refuses
 * what dockerd refuses before anything starts).
 *
 * @param logDriver      the log driver of containers that name none
 * @param logOpts        its options, added to a container's own when it uses that driver
 * @param ulimits        {@code name=soft:hard}, put into the spec unless the container sets the same name
 * @param shmSize        /dev/shm of containers that set no size
 * @param cgroupnsMode   "host" or "private" for containers that set none; "" for the host's default
 * @param defaultRuntime the runtime of containers that name none
 * @param runtimes       every runtime a container may name, to the binary containerd's runc shim runs
 * @param liveRestore    running containers outlive the daemon; else SIGTERM stops them
 * @param shutdownTimeout seconds the daemon gives running containers to stop at SIGTERM (-1: no limit)
 * @param cgroupParent   the cgroup every container's goes under (cgroupfs driver), {@code /linnet} unless set
 * @param init           whether containers that say nothing about {@code --init} get one (dockerd's init)
 * @param initPath       the init binary; "" for the first static init Debian ships
 */
public record EngineDefaults(String logDriver, Map<String, String> logOpts, List<String> ulimits, long shmSize,
        String cgroupnsMode, String defaultRuntime, Map<String, String> runtimes, boolean liveRestore,
        int shutdownTimeout, String cgroupParent, boolean init, String initPath) {

    public static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;
    /** The stock runtime, under both names dockerd 24 lists it. */
    public static final String RUNC = "runc";
    public static final String RUNC_SHIM = "io.containerd.runc.v2";
    /** Where containers' cgroups go unless cgroup-parent says otherwise (dockerd's is /docker). */
    public static final String DEFAULT_CGROUP_PARENT = "/linnet";
    /** A stock dockerd's. */
    public static final EngineDefaults DOCKERD = new EngineDefaults("json-file", Map.of(), List.of(),
            DEFAULT_SHM_SIZE, "", RUNC, Map.of(), false, 15, DEFAULT_CGROUP_PARENT, false, "");

    public EngineDefaults {
        logOpts = Map.copyOf(logOpts);
        ulimits = List.copyOf(ulimits);
        runtimes = Map.copyOf(runtimes);
    }

    static EngineDefaults from(DaemonConfig config) {
        Map<String, String> runtimes = new LinkedHashMap<>(json(config.runtimes()));
        return new EngineDefaults(config.logDriver().isBlank() ? "json-file" : config.logDriver().trim(),
                json(config.logOpts()),
                Arrays.stream(config.defaultUlimits().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                config.defaultShmSize() > 0 ? config.defaultShmSize() : DEFAULT_SHM_SIZE,
                config.defaultCgroupnsMode().trim(),
                config.defaultRuntime().isBlank() ? RUNC : config.defaultRuntime().trim(),
                runtimes, config.liveRestore(), config.shutdownTimeout(),
                config.cgroupParent().isBlank() ? DEFAULT_CGROUP_PARENT : config.cgroupParent().trim(), config.init(),
                config.initPath().trim());
    }

    /**
     * These defaults with the ones a SIGHUP reloads (dockerd's reloadPlatform, reloadShutdownTimeout and
     * reloadLiveRestore) taken from the live configuration where it has them.
     */
    public EngineDefaults reloaded(Map<String, ?> live) {
        return new EngineDefaults(logDriver, logOpts, ulimits,
                live.get("defaultShmSize") == null ? shmSize : Long.parseLong(String.valueOf(live.get("defaultShmSize"))),
                live.get("defaultCgroupnsMode") == null ? cgroupnsMode : String.valueOf(live.get("defaultCgroupnsMode")),
                live.get("defaultRuntime") == null ? defaultRuntime : String.valueOf(live.get("defaultRuntime")),
                live.get("runtimes") == null ? runtimes : json(String.valueOf(live.get("runtimes"))),
                live.get("liveRestore") == null ? liveRestore : Boolean.parseBoolean(String.valueOf(live.get("liveRestore"))),
                live.get("shutdownTimeout") == null ? shutdownTimeout
                        : Integer.parseInt(String.valueOf(live.get("shutdownTimeout"))),
                cgroupParent, init, initPath);
    }

    /**
     * The binary of a runtime a container names, null for runc itself (the shim's own default) or
     * for a name the daemon does not know.
     */
    public String binaryOf(String runtime) {
        return runtimes.get(runtime);
    }

    /** Whether a container may name this runtime (runc under either name, or one configured). */
    public boolean knows(String runtime) {
        return RUNC.equals(runtime) || RUNC_SHIM.equals(runtime) || runtimes.containsKey(runtime);
    }

    /** Whether new containers get a private cgroup namespace unless they say otherwise (info's name=cgroupns). */
    public boolean privateCgroupns(boolean cgroupV2) {
        return cgroupnsMode.equals("private") || (cgroupnsMode.isEmpty() && cgroupV2);
    }

    private static Map<String, String> json(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return DockerJson.newMapper().readValue(text, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object of strings: " + text, e);
        }
    }
}
