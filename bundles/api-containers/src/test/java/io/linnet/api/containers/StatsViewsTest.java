package io.linnet.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linnet.engine.api.container.ContainerStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsViewsTest {

    @Test
    void aStoppedContainerAsDockerd() {
        String id = "886b9c49dfabe175a725196aa5a32e9792a176833a8525cf989f225d22fea393";
        // dockerd 20.10's answer to GET /containers/stopped/stats?stream=false, byte for byte
        String dockerd = "{\"read\":\"0001-01-01T00:00:00Z\",\"preread\":\"0001-01-01T00:00:00Z\",\"pids_stats\":{},"
                + "\"blkio_stats\":{\"io_service_bytes_recursive\":null,\"io_serviced_recursive\":null,"
                + "\"io_queue_recursive\":null,\"io_service_time_recursive\":null,\"io_wait_time_recursive\":null,"
                + "\"io_merged_recursive\":null,\"io_time_recursive\":null,\"sectors_recursive\":null},\"num_procs\":0,"
                + "\"storage_stats\":{},\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,"
                + "\"usage_in_usermode\":0},\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,"
                + "\"throttled_time\":0}},\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,"
                + "\"usage_in_usermode\":0},\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,"
                + "\"throttled_time\":0}},\"memory_stats\":{},\"name\":\"/stopped\",\"id\":\"" + id + "\"}";
        assertEquals(dockerd, StatsViews.json(ContainerStats.empty(id, "/stopped"), null).toString());
    }

    @Test
    void aRunningSampleWithItsPredecessor() {
        ContainerStats.Cpu cpu1 = new ContainerStats.Cpu(100, List.of(60L, 40L), 10, 90, 5000, 2, 0, 0, 0);
        ContainerStats.Cpu cpu2 = new ContainerStats.Cpu(200, List.of(120L, 80L), 20, 180, 6000, 2, 0, 0, 0);
        var memory = new ContainerStats.Memory(499712, 4300800, 0, 67108864, Map.of("rss", 57344L, "cache", 0L));
        Map<String, List<ContainerStats.BlkioEntry>> blkio = Map.of("io_service_bytes_recursive", List.of());
        ContainerStats first = new ContainerStats("i", "/n", Instant.parse("2026-11-28T03:01:28.053626563Z"),
                new ContainerStats.Pids(1, 0), cpu1, memory, blkio, Map.of());
        ContainerStats second = new ContainerStats("i", "/n", Instant.parse("2026-11-28T03:01:29.061702556Z"),
                new ContainerStats.Pids(1, 0), cpu2, memory, blkio,
                Map.of("eth0", new ContainerStats.Network(1, 2, 3, 4, 5, 6, 7, 8)));
        String json = StatsViews.json(second, first).toString();
        assertEquals(true, json.startsWith("{\"read\":\"2026-11-28T03:01:29.061702556Z\","
                + "\"preread\":\"2026-11-28T03:01:28.053626563Z\",\"pids_stats\":{\"current\":1},"
                + "\"blkio_stats\":{\"io_service_bytes_recursive\":[],\"io_serviced_recursive\":null,"), json);
        assertEquals(true, json.contains("\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":200,\"percpu_usage\":[120,80],"
                + "\"usage_in_kernelmode\":20,\"usage_in_usermode\":180},\"system_cpu_usage\":6000,\"online_cpus\":2,"), json);
        assertEquals(true, json.contains("\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":100,"), json);
        assertEquals(true, json.contains("\"memory_stats\":{\"usage\":499712,\"max_usage\":4300800,"
                + "\"stats\":{\"cache\":0,\"rss\":57344},\"limit\":67108864},\"name\":\"/n\",\"id\":\"i\","
                + "\"networks\":{\"eth0\":{\"rx_bytes\":1,\"rx_packets\":2,\"rx_errors\":3,\"rx_dropped\":4,"
                + "\"tx_bytes\":5,\"tx_packets\":6,\"tx_errors\":7,\"tx_dropped\":8}}}"), json);
    }
}
