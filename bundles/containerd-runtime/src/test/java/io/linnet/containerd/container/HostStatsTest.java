package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linnet.engine.api.container.ContainerStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostStatsTest {

    @Test
    void systemCpuAsMoby() {
        String stat = "cpu  10 20 30 40 50 60 70 80 90 100\ncpu0 1 2 3 4 5 6 7 0 0 0\ncpu1 1 2 3 4 5 6 7 0 0 0\nintr 5\n";
        HostStats.SystemCpu cpu = HostStats.systemCpu(stat);
        assertEquals(280L * 10_000_000L, cpu.usageNanos());
        assertEquals(2, cpu.onlineCpus());
    }

    @Test
    void networksButLoopback() {
        String dev = """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:     100       2    0    0    0     0          0         0      100       2    0    0    0     0       0          0
                  eth0:    1500      12    1    2    0     0          0         0      900       8    3    4    0     0       0          0
                """;
        Map<String, ContainerStats.Network> n = HostStats.networks(dev);
        assertEquals(Map.of("eth0", new ContainerStats.Network(1500, 12, 1, 2, 900, 8, 3, 4)), n);
    }
}
