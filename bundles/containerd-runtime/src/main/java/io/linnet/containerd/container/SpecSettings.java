package io.linnet.containerd.container;

import io.linnet.api.model.container.Ulimit;
import io.linnet.containerd.config.EngineDefaults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Daemon-wide inputs of the spec generator.
 *
 * @param cgroupParent   parent of every container's cgroup (cgroupfs driver): {@code <parent>/<id>}, as dockerd joins them
 * @param defaultUlimits applied unless the container sets the same name (dockerd's default-ulimits)
 * @param swapLimit      the kernel accounts swap (cgroup v1 memory.memsw.limit_in_bytes exists)
 * @param appArmor       the host enforces AppArmor: {@code apparmor=} profiles go into the spec, as dockerd's
 * @param systemPaths    what /proc and /sys paths containers see masked or read-only
 * @param init           the static init {@code --init} mounts as PID 1; null when the host has none
 * @param defaultInit    containers that say nothing about {@code --init} get one (dockerd's init)
 */
record SpecSettings(String cgroupParent, List<Ulimit> defaultUlimits, boolean swapLimit, Capabilities capabilities,
        Path init, boolean appArmor, SystemPaths systemPaths, boolean defaultInit) {

    /** Static inits as Debian ships them (tini's, docker.io's): {@code docker run --init} mounts one as PID 1. */
    static final List<Path> INIT_CANDIDATES = List.of(Path.of("/usr/bin/tini-static"), Path.of("/usr/bin/docker-init"),
            Path.of("/usr/libexec/docker/docker-init"));

    /** Without an init binary. */
    SpecSettings(String cgroupParent, List<Ulimit> defaultUlimits, boolean swapLimit, Capabilities capabilities) {
        this(cgroupParent, defaultUlimits, swapLimit, capabilities, null, false, new SystemPaths("", path -> false),
                false);
    }

    /**
     * dockerd's default: no rlimits in the spec, so a container inherits the shim's (containerd's)
     * limits. An explicit nofile of 1048576 fails where the hard limit is lower ("error setting
     * rlimit type 7: operation not permitted").
     */
    static final List<Ulimit> DOCKER_DEFAULT_ULIMITS = List.of();

    static SpecSettings ofHost() {
        return ofHost(EngineDefaults.DOCKERD);
    }

    /**
     * With the daemon's default-ulimits (each {@code name=soft:hard}, checked by the launcher), cgroup-parent,
     * init and init-path.
     */
    static SpecSettings ofHost(EngineDefaults daemon) {
        List<String> defaultUlimits = daemon.ulimits();
        List<Ulimit> ulimits = defaultUlimits.isEmpty() ? DOCKER_DEFAULT_ULIMITS : defaultUlimits.stream().map(u -> {
            String[] nameLimits = u.split("=", 2);
            String[] limits = nameLimits[1].split(":", 2);
            return new Ulimit(nameLimits[0], Long.parseLong(limits[1]), Long.parseLong(limits[0]));
        }).toList();
        return new SpecSettings(daemon.cgroupParent(), ulimits,
                Files.exists(Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes")), Capabilities.ofHost(),
                initBinary(daemon.initPath()), appArmorEnabled(), SystemPaths.ofHost(), daemon.init());
    }

    /**
     * dockerd's LookupInitPath: init-path as given when absolute, else looked up on PATH; without init-path the
     * first static init Debian ships. Null when there is none (a container that wants one is refused).
     */
    static Path initBinary(String initPath) {
        if (initPath.isEmpty()) {
            return INIT_CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        }
        Path given = Path.of(initPath);
        if (given.isAbsolute()) {
            return Files.isExecutable(given) ? given : null;
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        return java.util.Arrays.stream(path.split(":")).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir).resolve(initPath)).filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** As runc and moby decide it: the AppArmor security filesystem is there and the module is enabled. */
    static boolean appArmorEnabled() {
        try {
            Path enabled = Path.of("/sys/module/apparmor/parameters/enabled");
            return Files.isDirectory(Path.of("/sys/kernel/security/apparmor")) && Files.isReadable(enabled)
                    && Files.readString(enabled).startsWith("Y");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
