package io.linnet.containerd.container;

import io.linnet.api.model.container.Ulimit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Daemon-wide inputs of the spec generator.
 *
 * @param cgroupParent   parent of every container's cgroup (cgroupfs driver): {@code /<parent>/<id>}
 * @param defaultUlimits applied unless the container sets the same name (dockerd's default-ulimits)
 * @param swapLimit      the kernel accounts swap (cgroup v1 memory.memsw.limit_in_bytes exists)
 * @param appArmor       the host enforces AppArmor: {@code apparmor=} profiles go into the spec, as dockerd's
 * @param systemPaths    what /proc and /sys paths containers see masked or read-only
 */
record SpecSettings(String cgroupParent, List<Ulimit> defaultUlimits, boolean swapLimit, Capabilities capabilities,
        Path init, boolean appArmor, SystemPaths systemPaths) {

    /** Static inits as Debian ships them (tini's, docker.io's): {@code docker run --init} mounts one as PID 1. */
    static final List<Path> INIT_CANDIDATES = List.of(Path.of("/usr/bin/tini-static"), Path.of("/usr/bin/docker-init"),
            Path.of("/usr/libexec/docker/docker-init"));

    /** Without an init binary. */
    SpecSettings(String cgroupParent, List<Ulimit> defaultUlimits, boolean swapLimit, Capabilities capabilities) {
        this(cgroupParent, defaultUlimits, swapLimit, capabilities, null, false, new SystemPaths("", path -> false));
    }

    /**
     * dockerd's default: no rlimits in the spec, so a container inherits the shim's (containerd's)
     * limits. An explicit nofile of 1048576 fails where the hard limit is lower ("error setting
     * rlimit type 7: operation not permitted").
     */
    static final List<Ulimit> DOCKER_DEFAULT_ULIMITS = List.of();

    static SpecSettings ofHost() {
        return ofHost(List.of());
    }

    /** With the daemon's default-ulimits, each {@code name=soft:hard} (checked by the launcher). */
    static SpecSettings ofHost(List<String> defaultUlimits) {
        List<Ulimit> ulimits = defaultUlimits.isEmpty() ? DOCKER_DEFAULT_ULIMITS : defaultUlimits.stream().map(u -> {
            String[] nameLimits = u.split("=", 2);
            String[] limits = nameLimits[1].split(":", 2);
            return new Ulimit(nameLimits[0], Long.parseLong(limits[1]), Long.parseLong(limits[0]));
        }).toList();
        return new SpecSettings("linnet", ulimits,
                Files.exists(Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes")), Capabilities.ofHost(),
                INIT_CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null), appArmorEnabled(),
                SystemPaths.ofHost());
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
