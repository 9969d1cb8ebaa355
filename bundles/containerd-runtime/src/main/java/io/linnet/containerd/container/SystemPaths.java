package io.linnet.containerd.container;

import io.linnet.api.model.container.HostConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The parts of /proc and /sys a container sees masked (an empty file or directory over them) or read-only, as
 * current dockerd: moby's oci defaults, with /proc/interrupts and each CPU's thermal_throttle directory masked
 * since GHSA-6fw5-f8r9-fgfm (they leak host activity), /sys/devices/virtual/powercap since GHSA-jq35-85cj-fj4p.
 * HostConfig.MaskedPaths and ReadonlyPaths, when the client sets them, replace the lists; a privileged container
 * gets none unless it sets them.
 */
final class SystemPaths {

    static final List<String> READONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    private static final List<String> MASKED = List.of("/proc/asound", "/proc/acpi", "/proc/interrupts",
            "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
            "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

    private final List<String> masked;

    /** @param possibleCpus the host's {@code /sys/devices/system/cpu/possible} ("0-3", "0,2-5") */
    SystemPaths(String possibleCpus, Predicate<String> exists) {
        List<String> paths = new ArrayList<>(MASKED);
        for (int cpu : cpus(possibleCpus)) {
            String throttle = "/sys/devices/system/cpu/cpu" + cpu + "/thermal_throttle";
            if (exists.test(throttle)) {
                paths.add(throttle);
            }
        }
        this.masked = List.copyOf(paths);
    }

    static SystemPaths ofHost() {
        Path possible = Path.of("/sys/devices/system/cpu/possible");
        try {
            String cpus = Files.isReadable(possible) ? Files.readString(possible).trim() : "";
            return new SystemPaths(cpus, p -> Files.exists(Path.of(p)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + possible, e);
        }
    }

    /** The default masked paths on this host, as a non-privileged container's HostConfig stores them. */
    List<String> defaultMasked() {
        return masked;
    }

    List<String> masked(HostConfig host) {
        if (host.maskedPaths() != null) {
            return host.maskedPaths();
        }
        return host.privileged() ? List.of() : masked;
    }

    List<String> readonly(HostConfig host) {
        if (host.readonlyPaths() != null) {
            return host.readonlyPaths();
        }
        return host.privileged() ? List.of() : READONLY;
    }

    /**
     * dockerd's create: a non-privileged container without MaskedPaths or ReadonlyPaths stores the defaults in
     * its HostConfig, so inspect shows them and the container keeps them whatever later daemons default to.
     */
    HostConfig withCreateDefaults(HostConfig hostConfig) {
        if (hostConfig.privileged()) {
            return hostConfig;
        }
        HostConfig.Builder b = hostConfig.toBuilder();
        if (hostConfig.maskedPaths() == null) {
            b.maskedPaths(masked);
        }
        if (hostConfig.readonlyPaths() == null) {
            b.readonlyPaths(READONLY);
        }
        return b.build();
    }

    /** The CPU numbers of a kernel CPU list ("0-3,6"). */
    static List<Integer> cpus(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] range = part.trim().split("-", 2);
            int from = Integer.parseInt(range[0]);
            int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
            for (int cpu = from; cpu <= to; cpu++) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }
}
