package io.linnet.containerd.container;

import com.google.protobuf.InvalidProtocolBufferException;
import io.linnet.containerd.proto.cgroups.v1.BlkIOEntry;
import io.linnet.engine.api.container.ContainerStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** containerd's task metrics (cgroup v1 or v2) in Docker's terms, as moby's statsV1 / statsV2. */
final class CgroupStats {

    /** The cgroup's part of a sample. */
    record Parts(ContainerStats.Pids pids, long cpuTotal, List<Long> perCpu, long cpuKernel, long cpuUser,
            long periods, long throttledPeriods, long throttledTime, ContainerStats.Memory memory,
            Map<String, List<ContainerStats.BlkioEntry>> blkio) {
    }

    private CgroupStats() {
    }

    /** @param typeUrl the Any's type ({@code io.containerd.cgroups.v1.Metrics} or {@code ...v2.Metrics}) */
    static Parts parse(String typeUrl, byte[] value) throws InvalidProtocolBufferException {
        if (typeUrl.endsWith("io.containerd.cgroups.v1.Metrics")) {
            return v1(io.linnet.containerd.proto.cgroups.v1.Metrics.parseFrom(value));
        }
        if (typeUrl.endsWith("io.containerd.cgroups.v2.Metrics")) {
            return v2(io.linnet.containerd.proto.cgroups.v2.Metrics.parseFrom(value));
        }
        throw new IllegalStateException("unexpected metrics type " + typeUrl);
    }

    static Parts v1(io.linnet.containerd.proto.cgroups.v1.Metrics m) {
        ContainerStats.Memory memory = null;
        if (m.hasMemory()) {
            var s = m.getMemory();
            Map<String, Long> raw = new java.util.TreeMap<>(); // Go writes map keys sorted
            raw.put("cache", s.getCache());
            raw.put("rss", s.getRss());
            raw.put("rss_huge", s.getRssHuge());
            raw.put("mapped_file", s.getMappedFile());
            raw.put("dirty", s.getDirty());
            raw.put("writeback", s.getWriteback());
            raw.put("pgpgin", s.getPgPgIn());
            raw.put("pgpgout", s.getPgPgOut());
            raw.put("pgfault", s.getPgFault());
            raw.put("pgmajfault", s.getPgMajFault());
            raw.put("inactive_anon", s.getInactiveAnon());
            raw.put("active_anon", s.getActiveAnon());
            raw.put("inactive_file", s.getInactiveFile());
            raw.put("active_file", s.getActiveFile());
            raw.put("unevictable", s.getUnevictable());
            raw.put("hierarchical_memory_limit", s.getHierarchicalMemoryLimit());
            raw.put("hierarchical_memsw_limit", s.getHierarchicalSwapLimit());
            raw.put("total_cache", s.getTotalCache());
            raw.put("total_rss", s.getTotalRss());
            raw.put("total_rss_huge", s.getTotalRssHuge());
            raw.put("total_mapped_file", s.getTotalMappedFile());
            raw.put("total_dirty", s.getTotalDirty());
            raw.put("total_writeback", s.getTotalWriteback());
            raw.put("total_pgpgin", s.getTotalPgPgIn());
            raw.put("total_pgpgout", s.getTotalPgPgOut());
            raw.put("total_pgfault", s.getTotalPgFault());
            raw.put("total_pgmajfault", s.getTotalPgMajFault());
            raw.put("total_inactive_anon", s.getTotalInactiveAnon());
            raw.put("total_active_anon", s.getTotalActiveAnon());
            raw.put("total_inactive_file", s.getTotalInactiveFile());
            raw.put("total_active_file", s.getTotalActiveFile());
            raw.put("total_unevictable", s.getTotalUnevictable());
            var usage = s.getUsage();
            memory = new ContainerStats.Memory(usage.getUsage(), usage.getMax(), usage.getFailcnt(), usage.getLimit(), raw);
        }
        Map<String, List<ContainerStats.BlkioEntry>> blkio = new LinkedHashMap<>();
        if (m.hasBlkio()) {
            var b = m.getBlkio();
            blkio.put("io_service_bytes_recursive", entries(b.getIoServiceBytesRecursiveList()));
            blkio.put("io_serviced_recursive", entries(b.getIoServicedRecursiveList()));
            blkio.put("io_queue_recursive", entries(b.getIoQueuedRecursiveList()));
            blkio.put("io_service_time_recursive", entries(b.getIoServiceTimeRecursiveList()));
            blkio.put("io_wait_time_recursive", entries(b.getIoWaitTimeRecursiveList()));
            blkio.put("io_merged_recursive", entries(b.getIoMergedRecursiveList()));
            blkio.put("io_time_recursive", entries(b.getIoTimeRecursiveList()));
            blkio.put("sectors_recursive", entries(b.getSectorsRecursiveList()));
        }
        var cpu = m.getCpu();
        return new Parts(new ContainerStats.Pids(m.getPids().getCurrent(), m.getPids().getLimit()),
                cpu.getUsage().getTotal(), cpu.getUsage().getPerCpuList(), cpu.getUsage().getKernel(),
                cpu.getUsage().getUser(), cpu.getThrottling().getPeriods(), cpu.getThrottling().getThrottledPeriods(),
                cpu.getThrottling().getThrottledTime(), memory, blkio);
    }

    /** moby's copyBlkioEntry: a list, empty ones too (null only when the cgroup reported no blkio). */
    private static List<ContainerStats.BlkioEntry> entries(List<BlkIOEntry> in) {
        return in.stream().map(e -> new ContainerStats.BlkioEntry(e.getMajor(), e.getMinor(), e.getOp(), e.getValue()))
                .toList();
    }

    static Parts v2(io.linnet.containerd.proto.cgroups.v2.Metrics m) {
        ContainerStats.Memory memory = null;
        if (m.hasMemory()) {
            var s = m.getMemory();
            Map<String, Long> raw = new java.util.TreeMap<>(); // Go writes map keys sorted
            raw.put("anon", s.getAnon());
            raw.put("file", s.getFile());
            raw.put("kernel_stack", s.getKernelStack());
            raw.put("slab", s.getSlab());
            raw.put("sock", s.getSock());
            raw.put("shmem", s.getShmem());
            raw.put("file_mapped", s.getFileMapped());
            raw.put("file_dirty", s.getFileDirty());
            raw.put("file_writeback", s.getFileWriteback());
            raw.put("anon_thp", s.getAnonThp());
            raw.put("inactive_anon", s.getInactiveAnon());
            raw.put("active_anon", s.getActiveAnon());
            raw.put("inactive_file", s.getInactiveFile());
            raw.put("active_file", s.getActiveFile());
            raw.put("unevictable", s.getUnevictable());
            raw.put("slab_reclaimable", s.getSlabReclaimable());
            raw.put("slab_unreclaimable", s.getSlabUnreclaimable());
            raw.put("pgfault", s.getPgfault());
            raw.put("pgmajfault", s.getPgmajfault());
            raw.put("workingset_refault", s.getWorkingsetRefault());
            raw.put("workingset_activate", s.getWorkingsetActivate());
            raw.put("workingset_nodereclaim", s.getWorkingsetNodereclaim());
            raw.put("pgrefill", s.getPgrefill());
            raw.put("pgscan", s.getPgscan());
            raw.put("pgsteal", s.getPgsteal());
            raw.put("pgactivate", s.getPgactivate());
            raw.put("pgdeactivate", s.getPgdeactivate());
            raw.put("pglazyfree", s.getPglazyfree());
            raw.put("pglazyfreed", s.getPglazyfreed());
            raw.put("thp_fault_alloc", s.getThpFaultAlloc());
            raw.put("thp_collapse_alloc", s.getThpCollapseAlloc());
            long failcnt = m.hasMemoryEvents() ? m.getMemoryEvents().getOom() : 0;
            memory = new ContainerStats.Memory(s.getUsage(), 0, failcnt, s.getUsageLimit(), raw);
        }
        Map<String, List<ContainerStats.BlkioEntry>> blkio = new LinkedHashMap<>();
        if (m.hasIo()) {
            List<ContainerStats.BlkioEntry> bytes = new ArrayList<>();
            for (var e : m.getIo().getUsageList()) {
                bytes.add(new ContainerStats.BlkioEntry(e.getMajor(), e.getMinor(), "read", e.getRbytes()));
                bytes.add(new ContainerStats.BlkioEntry(e.getMajor(), e.getMinor(), "write", e.getWbytes()));
            }
            blkio.put("io_service_bytes_recursive", bytes.isEmpty() ? null : bytes);
        }
        var cpu = m.getCpu();
        return new Parts(new ContainerStats.Pids(m.getPids().getCurrent(), m.getPids().getLimit()),
                cpu.getUsageUsec() * 1000, List.of(), cpu.getSystemUsec() * 1000, cpu.getUserUsec() * 1000,
                cpu.getNrPeriods(), cpu.getNrThrottled(), cpu.getThrottledUsec() * 1000, memory, blkio);
    }
}
