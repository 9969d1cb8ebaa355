package io.linnet.containerd.container;

import io.linnet.engine.api.container.ContainerStats;

import java.util.LinkedHashMap;
import java.util.Map;

/** Host-side numbers docker stats needs beside the cgroup's: /proc/stat CPU time, /proc/<pid>/net/dev. */
final class HostStats {

    /** USER_HZ on Linux (moby reads it with sysconf; it is 100 on every Linux architecture Docker runs on). */
    static final long CLOCK_TICKS = 100;

    /** The host's CPU time and online CPUs. */
    record SystemCpu(long usageNanos, int onlineCpus) {
    }

    private HostStats() {
    }

    /** moby's getSystemCPUUsage: the first seven fields of the "cpu" line, in nanoseconds; "cpuN" lines counted. */
    static SystemCpu systemCpu(String procStat) {
        long usage = 0;
        int cpus = 0;
        for (String line : procStat.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 0) {
                continue;
            }
            if (parts[0].equals("cpu")) {
                if (parts.length < 8) {
                    throw new IllegalStateException("invalid number of cpu fields");
                }
                long ticks = 0;
                for (int i = 1; i < 8; i++) {
                    ticks += Long.parseLong(parts[i]);
                }
                usage = ticks * (1_000_000_000L / CLOCK_TICKS);
            } else if (parts[0].startsWith("cpu") && parts[0].length() > 3) {
                cpus++;
            }
        }
        return new SystemCpu(usage, cpus);
    }

    /** The interfaces of a network namespace but loopback, from its /proc/net/dev. */
    static Map<String, ContainerStats.Network> networks(String netDev) {
        Map<String, ContainerStats.Network> out = new LinkedHashMap<>();
        String[] lines = netDev.split("\n");
        for (int i = 2; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim();
            String[] f = lines[i].substring(colon + 1).trim().split("\\s+");
            if (name.equals("lo") || f.length < 16) {
                continue;
            }
            out.put(name, new ContainerStats.Network(num(f[0]), num(f[1]), num(f[2]), num(f[3]), num(f[8]),
                    num(f[9]), num(f[10]), num(f[11])));
        }
        return out;
    }

    private static long num(String s) {
        return Long.parseUnsignedLong(s);
    }
}
