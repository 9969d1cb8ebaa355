package io.linnet.api.system;

import io.linnet.api.model.ApiVersion;
import io.linnet.api.model.system.InfoResponse;
import io.linnet.api.model.system.VersionResponse;
import io.linnet.engine.api.registry.RegistryServiceInfo;
import io.linnet.engine.api.system.ComponentVersion;
import io.linnet.engine.api.system.DaemonSettings;
import io.linnet.engine.api.system.EngineInfo;
import io.linnet.engine.api.system.ObjectCounts;
import io.linnet.engine.api.system.ProcessState;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shapes engine facts into the JSON dockerd answers for /version and /info. */
final class SystemViews {
    /**
     * The Docker Engine release whose API (1.43) this daemon serves, given as the server version:
     * clients compare it (Testcontainers refuses a server below 1.6.0, scripts want 20.10 or later).
     * Linnet's own version is the "Linnet" component.
     */
    static final String DOCKER_VERSION = "24.0.0";
    /** The log drivers containers may name, as dockerd lists them (without "none"). */
    static final List<String> LOG_DRIVERS = List.of("json-file", "local");

    private SystemViews() {
    }

    static VersionResponse version(BuildFacts build, EngineInfo engine) {
        return version(build, engine, DEFAULT_SETTINGS);
    }

    static VersionResponse version(BuildFacts build, EngineInfo engine, DaemonSettings settings) {
        String goArch = goArch(engine.architecture());
        String runtimeVersion = "java" + System.getProperty("java.version");
        List<VersionResponse.Component> components = new ArrayList<>();
        Map<String, String> engineDetails = new LinkedHashMap<>();
        engineDetails.put("ApiVersion", ApiVersion.CURRENT.toString());
        engineDetails.put("Arch", goArch);
        engineDetails.put("BuildTime", build.buildTime());
        engineDetails.put("Experimental", Boolean.toString(settings.experimental()));
        engineDetails.put("GitCommit", build.gitCommit());
        engineDetails.put("GoVersion", runtimeVersion);
        engineDetails.put("KernelVersion", engine.kernelVersion());
        engineDetails.put("MinAPIVersion", ApiVersion.MINIMUM.toString());
        engineDetails.put("Os", "linux");
        components.add(new VersionResponse.Component("Engine", DOCKER_VERSION, engineDetails));
        components.add(new VersionResponse.Component("Linnet", build.version(), Map.of("GitCommit", build.gitCommit())));
        for (ComponentVersion c : engine.components()) {
            components.add(new VersionResponse.Component(c.name(), c.version(), Map.of("GitCommit", c.gitCommit())));
        }
        return new VersionResponse(
                new VersionResponse.Platform("Linnet Engine"),
                components,
                DOCKER_VERSION,
                ApiVersion.CURRENT.toString(),
                ApiVersion.MINIMUM.toString(),
                build.gitCommit(),
                runtimeVersion,
                "linux",
                goArch,
                engine.kernelVersion(),
                settings.experimental(),
                build.buildTime());
    }

    static InfoResponse info(BuildFacts build, EngineInfo engine, ObjectCounts counts, ProcessState process) {
        return info(build, engine, counts, process, RegistryServiceInfo.DEFAULT, DEFAULT_SETTINGS);
    }

    /** dockerd's defaults: no debug, no labels, no TCP listener to warn about. */
    static final DaemonSettings DEFAULT_SETTINGS = new DaemonSettings() {
        @Override
        public List<String> apiWarnings() {
            return List.of();
        }

        @Override
        public boolean debug() {
            return false;
        }

        @Override
        public List<String> labels() {
            return List.of();
        }
    };

    static InfoResponse info(BuildFacts build, EngineInfo engine, ObjectCounts counts, ProcessState process,
            RegistryServiceInfo registry, DaemonSettings settings) {
        boolean cgroup2 = "2".equals(engine.cgroupVersion());
        Map<String, InfoResponse.Runtime> runtimes = new LinkedHashMap<>();
        engine.runtimes().forEach((name, path) -> runtimes.put(name, new InfoResponse.Runtime(path)));
        return new InfoResponse(
                engine.id(),
                counts.containers(), counts.running(), counts.paused(), counts.stopped(),
                counts.images(),
                engine.storageDriver(),
                List.of(List.of("driver-type", "io.containerd.snapshotter.v1")),
                engine.dataRoot(),
                new InfoResponse.Plugins(List.of("local"), List.of("bridge", "host", "null"), null,
                        LOG_DRIVERS),
                true, cgroup2, false, true, true, true, true, true, !cgroup2,
                true, true, true,
                settings.debug(),
                process.openFileDescriptors(),
                process.threads(),
                OffsetDateTime.ofInstant(process.systemTime(), ZoneId.systemDefault())
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                engine.loggingDriver(),
                engine.cgroupDriver(),
                engine.cgroupVersion(),
                0,
                engine.kernelVersion(),
                engine.operatingSystem(),
                engine.osVersion(),
                "linux",
                engine.architecture(),
                "https://index.docker.io/v1/",
                registryConfig(registry),
                engine.ncpu(),
                engine.memTotal(),
                null,
                "", "", "",
                engine.name(),
                settings.labels(),
                settings.experimental(),
                DOCKER_VERSION,
                runtimes,
                engine.defaultRuntime(),
                InfoResponse.Swarm.inactive(),
                engine.liveRestore(),
                "",
                engine.initBinary(),
                commit(engine.component("containerd")),
                commit(engine.component("runc")),
                commit(engine.component("docker-init")),
                engine.securityOptions(),
                settings.apiWarnings());
    }

    /** RegistryConfig as dockerd shows it, from the registry client's settings. */
    static InfoResponse.RegistryConfig registryConfig(RegistryServiceInfo registry) {
        Map<String, InfoResponse.IndexInfo> indexes = new LinkedHashMap<>();
        registry.indexConfigs().forEach((name, i) -> indexes.put(name,
                new InfoResponse.IndexInfo(i.name(), i.mirrors(), i.secure(), i.official())));
        return new InfoResponse.RegistryConfig(List.of(), List.of(), registry.insecureRegistryCidrs(), indexes,
                registry.mirrors());
    }

    private static InfoResponse.Commit commit(ComponentVersion c) {
        String id = c == null ? "" : c.gitCommit();
        return new InfoResponse.Commit(id, id);
    }

    /** Go's name for the machine architecture, as docker version prints it. */
    static String goArch(String machine) {
        return switch (machine) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "armv7l", "armv6l" -> "arm";
            case "i386", "i686" -> "386";
            default -> machine;
        };
    }
}
