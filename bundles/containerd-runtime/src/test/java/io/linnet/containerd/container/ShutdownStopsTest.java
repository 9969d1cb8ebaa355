package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShutdownStopsTest {

    @Test
    void theDaemonWaitsAsDockerdsShutdownTimeout() {
        assertEquals(15, ShutdownStops.bound(15, List.of()), "shutdown-timeout when no container needs longer");
        assertEquals(15, ShutdownStops.bound(15, List.of(10, 2)), "10 s stop + 5 s grace");
        assertEquals(35, ShutdownStops.bound(15, List.of(10, 30)), "a container's longer stop timeout + 5 s");
        assertEquals(-1, ShutdownStops.bound(-1, List.of(10)), "-1: no limit");
        assertEquals(-1, ShutdownStops.bound(15, List.of(10, -1)), "a container that waits for ever");
    }
}
