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
 */
public record EngineDefaults(String logDriver, Map<String, String> logOpts, List<String> ulimits, long shmSize,
        String cgroupnsMode, String defaultRuntime, Map<String, String> runtimes, boolean liveRestore,
        int shutdownTimeout) {

    public static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;
    /** The stock runtime, under both names dockerd 24 lists it. */
    public static final String RUNC = "runc";
    public static final String RUNC_SHIM = "io.containerd.runc.v2";
    /** A stock dockerd's. */
    public static final EngineDefaults DOCKERD = new EngineDefaults("json-file", Map.of(), List.of(),
            DEFAULT_SHM_SIZE, "", RUNC, Map.of(), false, 15);

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
                runtimes, config.liveRestore(), config.shutdownTimeout());
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
