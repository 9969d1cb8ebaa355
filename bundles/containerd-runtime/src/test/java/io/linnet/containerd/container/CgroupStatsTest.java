package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.linnet.containerd.proto.cgroups.v1.BlkIOStat;
import io.linnet.containerd.proto.cgroups.v1.CPUStat;
import io.linnet.containerd.proto.cgroups.v1.CPUUsage;
import io.linnet.containerd.proto.cgroups.v1.MemoryEntry;
import io.linnet.containerd.proto.cgroups.v1.MemoryStat;
import io.linnet.containerd.proto.cgroups.v1.Metrics;
import io.linnet.containerd.proto.cgroups.v1.PidsStat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupStatsTest {

    @Test
    void v1AsMobyStatsV1() throws Exception {
        Metrics m = Metrics.newBuilder().setPids(PidsStat.newBuilder().setCurrent(3).setLimit(0))
                .setCpu(CPUStat.newBuilder().setUsage(CPUUsage.newBuilder().setTotal(500).setKernel(100).setUser(400)
                        .addPerCpu(200).addPerCpu(300)))
                .setMemory(MemoryStat.newBuilder().setTotalInactiveFile(7).setPgPgIn(9)
                        .setUsage(MemoryEntry.newBuilder().setUsage(1000).setMax(2000).setLimit(4096)))
                .setBlkio(BlkIOStat.getDefaultInstance()).build();
        CgroupStats.Parts p = CgroupStats.parse("io.containerd.cgroups.v1.Metrics", m.toByteArray());
        assertEquals(3, p.pids().current());
        assertEquals(500, p.cpuTotal());
        assertEquals(List.of(200L, 300L), p.perCpu());
        assertEquals(1000, p.memory().usage());
        assertEquals(2000, p.memory().maxUsage());
        assertEquals(4096, p.memory().limit());
        assertEquals(7L, p.memory().stats().get("total_inactive_file"));
        assertEquals(9L, p.memory().stats().get("pgpgin"));
        assertEquals(List.of(), p.blkio().get("io_service_bytes_recursive"));
    }

    @Test
    void v2AsMobyStatsV2() throws Exception {
        var m = io.linnet.containerd.proto.cgroups.v2.Metrics.newBuilder()
                .setCpu(io.linnet.containerd.proto.cgroups.v2.CPUStat.newBuilder().setUsageUsec(5).setUserUsec(3)
                        .setSystemUsec(2))
                .setMemory(io.linnet.containerd.proto.cgroups.v2.MemoryStat.newBuilder().setUsage(100)
                        .setUsageLimit(200).setInactiveFile(4))
                .build();
        CgroupStats.Parts p = CgroupStats.parse("types.containerd.io/io.containerd.cgroups.v2.Metrics", m.toByteArray());
        assertEquals(5000, p.cpuTotal());
        assertEquals(2000, p.cpuKernel());
        assertEquals(3000, p.cpuUser());
        assertEquals(100, p.memory().usage());
        assertEquals(200, p.memory().limit());
        assertEquals(4L, p.memory().stats().get("inactive_file"));
        assertNull(p.blkio().get("io_service_bytes_recursive"));
    }
}
