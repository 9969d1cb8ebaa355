package io.linnet.api.containers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.api.model.DockerTime;
import io.linnet.engine.api.container.ContainerStats;

import java.util.List;

/**
 * dockerd's stats JSON (types.StatsJSON) in Go's field order and with its omitempty rules, from the
 * engine's samples; {@code precpu_stats} and {@code preread} are the previous sample's.
 */
final class StatsViews {

    static final List<String> BLKIO = List.of("io_service_bytes_recursive", "io_serviced_recursive",
            "io_queue_recursive", "io_service_time_recursive", "io_wait_time_recursive", "io_merged_recursive",
            "io_time_recursive", "sectors_recursive");

    private StatsViews() {
    }

    /** @param previous the sample before, null for none */
    static ObjectNode json(ContainerStats s, ContainerStats previous) {
        ObjectNode o = ContainerViews.JSON.createObjectNode();
        o.put("read", DockerTime.rfc3339Nano(s.read()));
        o.put("preread", DockerTime.rfc3339Nano(previous == null ? null : previous.read()));
        ObjectNode pids = o.putObject("pids_stats");
        if (s.pids().current() != 0) {
            pids.put("current", s.pids().current());
        }
        if (s.pids().limit() != 0) {
            pids.put("limit", s.pids().limit());
        }
        ObjectNode blkio = o.putObject("blkio_stats");
        for (String name : BLKIO) {
            List<ContainerStats.BlkioEntry> entries = s.blkio().get(name);
            if (entries == null) {
                blkio.putNull(name);
                continue;
            }
            ArrayNode a = blkio.putArray(name);
            for (var e : entries) {
                ObjectNode entry = a.addObject();
                entry.put("major", e.major());
                entry.put("minor", e.minor());
                entry.put("op", e.op());
                entry.put("value", e.value());
            }
        }
        o.put("num_procs", 0);
        o.putObject("storage_stats");
        cpu(o.putObject("cpu_stats"), s.cpu());
        cpu(o.putObject("precpu_stats"), previous == null ? ContainerStats.Cpu.ZERO : previous.cpu());
        ObjectNode memory = o.putObject("memory_stats");
        ContainerStats.Memory m = s.memory();
        if (m != null) {
            unsignedIfSet(memory, "usage", m.usage());
            unsignedIfSet(memory, "max_usage", m.maxUsage());
            if (m.stats() != null && !m.stats().isEmpty()) {
                ObjectNode stats = memory.putObject("stats");
                new java.util.TreeMap<>(m.stats()).forEach((k, v) -> {
                    if (v < 0) {
                        stats.put(k, new java.math.BigInteger(Long.toUnsignedString(v)));
                    } else {
                        stats.put(k, v);
                    }
                });
            }
            unsignedIfSet(memory, "failcnt", m.failcnt());
            unsignedIfSet(memory, "limit", m.limit());
        }
        o.put("name", s.name());
        o.put("id", s.id());
        if (!s.networks().isEmpty()) {
            ObjectNode networks = o.putObject("networks");
            s.networks().forEach((name, n) -> {
                ObjectNode i = networks.putObject(name);
                i.put("rx_bytes", n.rxBytes());
                i.put("rx_packets", n.rxPackets());
                i.put("rx_errors", n.rxErrors());
                i.put("rx_dropped", n.rxDropped());
                i.put("tx_bytes", n.txBytes());
                i.put("tx_packets", n.txPackets());
                i.put("tx_errors", n.txErrors());
                i.put("tx_dropped", n.txDropped());
            });
        }
        return o;
    }

    private static void cpu(ObjectNode out, ContainerStats.Cpu c) {
        ObjectNode usage = out.putObject("cpu_usage");
        usage.put("total_usage", c.totalUsage());
        if (!c.perCpuUsage().isEmpty()) {
            ArrayNode per = usage.putArray("percpu_usage");
            c.perCpuUsage().forEach(per::add);
        }
        usage.put("usage_in_kernelmode", c.kernelUsage());
        usage.put("usage_in_usermode", c.userUsage());
        if (c.systemUsage() != 0) {
            out.put("system_cpu_usage", c.systemUsage());
        }
        if (c.onlineCpus() != 0) {
            out.put("online_cpus", c.onlineCpus());
        }
        ObjectNode throttling = out.putObject("throttling_data");
        throttling.put("periods", c.throttlingPeriods());
        throttling.put("throttled_periods", c.throttledPeriods());
        throttling.put("throttled_time", c.throttledTime());
    }

    /** uint64 as Go writes it (cgroup v1 reports "no limit" as 2^63-ish values that fit; larger ones too). */
    private static void unsignedIfSet(ObjectNode out, String name, long value) {
        if (value == 0) {
            return;
        }
        if (value < 0) {
            out.put(name, new java.math.BigInteger(Long.toUnsignedString(value)));
        } else {
            out.put(name, value);
        }
    }
}
