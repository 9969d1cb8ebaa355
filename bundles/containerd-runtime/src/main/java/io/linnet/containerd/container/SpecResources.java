package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.api.model.container.Resources;

/** linux.resources from HostConfig limits, as moby's getMemoryResources / getCPUResources / getPidsLimit. */
final class SpecResources {

    private SpecResources() {
    }

    /**
     * @param swapLimit whether the kernel accounts swap (memory.memsw.*); without it dockerd drops the swap limit
     */
    static void apply(ObjectNode resources, Resources host, boolean swapLimit) {
        if (host.nanoCpus() > 0 && (host.cpuPeriod() > 0 || host.cpuQuota() > 0)) {
            throw new InvalidParameterException(host.cpuPeriod() > 0
                    ? "Conflicting options: Nano CPUs and CPU Period cannot both be set"
                    : "Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        }
        if (host.cpuShares() < 0) {
            throw new InvalidParameterException("shares: invalid argument");
        }
        ObjectNode memory = SpecGenerator.MAPPER.createObjectNode();
        if (host.memory() != 0) {
            memory.put("limit", host.memory());
        }
        if (host.memoryReservation() != 0) {
            memory.put("reservation", host.memoryReservation());
        }
        long swap = host.memorySwap();
        if (swap == 0 && host.memory() > 0) {
            swap = host.memory() * 2;
        }
        if (swap != 0 && swapLimit) {
            memory.put("swap", swap);
        }
        if (host.oomKillDisable() != null) {
            memory.put("disableOOMKiller", host.oomKillDisable());
        }
        if (!memory.isEmpty()) {
            resources.set("memory", memory);
        }

        ObjectNode cpu = SpecGenerator.MAPPER.createObjectNode();
        if (host.cpuShares() > 0) {
            cpu.put("shares", host.cpuShares());
        }
        if (!host.cpusetCpus().isEmpty()) {
            cpu.put("cpus", host.cpusetCpus());
        }
        if (!host.cpusetMems().isEmpty()) {
            cpu.put("mems", host.cpusetMems());
        }
        if (host.nanoCpus() > 0) {
            long period = 100_000;
            cpu.put("period", period);
            cpu.put("quota", host.nanoCpus() * period / 1_000_000_000L);
        }
        if (host.cpuPeriod() != 0) {
            cpu.put("period", host.cpuPeriod());
        }
        if (host.cpuQuota() != 0) {
            cpu.put("quota", host.cpuQuota());
        }
        if (!cpu.isEmpty()) {
            resources.set("cpu", cpu);
        }
        long pidsLimit = host.pidsLimit() == null ? 0 : host.pidsLimit();
        if (pidsLimit != 0) {
            resources.putObject("pids").put("limit", pidsLimit < 0 ? -1 : pidsLimit);
        }
    }

    /** moby's default device cgroup: deny all, then the devices runc also creates, and deny /dev/rtc. */
    static void defaultDeviceRules(ArrayNode devices) {
        rule(devices, false, null, null, null);
        rule(devices, true, "c", 1L, 5L);
        rule(devices, true, "c", 1L, 3L);
        rule(devices, true, "c", 1L, 9L);
        rule(devices, true, "c", 1L, 8L);
        rule(devices, true, "c", 5L, 0L);
        rule(devices, true, "c", 5L, 1L);
        rule(devices, false, "c", 10L, 229L);
    }

    static ObjectNode rule(ArrayNode devices, boolean allow, String type, Long major, Long minor) {
        ObjectNode r = devices.addObject();
        r.put("allow", allow);
        if (type != null) {
            r.put("type", type);
        }
        if (major != null) {
            r.put("major", major);
        }
        if (minor != null) {
            r.put("minor", minor);
        }
        r.put("access", "rwm");
        return r;
    }
}
