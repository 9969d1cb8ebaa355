package io.linnet.engine.api.container;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One resource-usage sample of a container, in the units dockerd reports (nanoseconds, bytes).
 * A container that does not run has only {@code id} and {@code name} (everything else zero or null),
 * as dockerd answers for it.
 *
 * @param read     when the sample was taken; null for a container that does not run
 * @param memory   null when the cgroup reported none
 * @param blkio    Docker's blkio_stats lists by name (io_service_bytes_recursive, …); absent ones are null
 * @param networks by interface name; empty when the container has none but loopback
 */
public record ContainerStats(String id, String name, Instant read, Pids pids, Cpu cpu, Memory memory,
        Map<String, List<BlkioEntry>> blkio, Map<String, Network> networks) {

    public static ContainerStats empty(String id, String name) {
        return new ContainerStats(id, name, null, new Pids(0, 0), Cpu.ZERO, null, Map.of(), Map.of());
    }

    public boolean running() {
        return read != null;
    }

    public record Pids(long current, long limit) {
    }

    /**
     * @param systemUsage the host's CPU time in nanoseconds (all CPUs, from /proc/stat)
     * @param onlineCpus  CPUs of the host
     */
    public record Cpu(long totalUsage, List<Long> perCpuUsage, long kernelUsage, long userUsage, long systemUsage,
            int onlineCpus, long throttlingPeriods, long throttledPeriods, long throttledTime) {
        public static final Cpu ZERO = new Cpu(0, List.of(), 0, 0, 0, 0, 0, 0, 0);
    }

    /** @param stats the cgroup's memory.stat counters under Docker's names */
    public record Memory(long usage, long maxUsage, long failcnt, long limit, Map<String, Long> stats) {
    }

    public record BlkioEntry(long major, long minor, String op, long value) {
    }

    public record Network(long rxBytes, long rxPackets, long rxErrors, long rxDropped, long txBytes, long txPackets,
            long txErrors, long txDropped) {
    }
}
