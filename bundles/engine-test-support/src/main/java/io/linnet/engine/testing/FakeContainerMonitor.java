package io.linnet.engine.testing;

import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerMonitor;
import io.linnet.engine.api.container.ContainerStats;
import io.linnet.engine.api.container.ContainerTop;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** top and stats of the fake containers: one process each, and a fixed sample while they run. */
public final class FakeContainerMonitor implements ContainerMonitor {
    private final FakeContainerService containers;

    public FakeContainerMonitor(FakeContainerService containers) {
        this.containers = containers;
    }

    @Override
    public ContainerTop top(String idOrName, String psArgs) {
        Container c = containers.get(idOrName);
        if (!c.state().running()) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
        return new ContainerTop(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"),
                List.of(List.of("root", String.valueOf(c.state().pid()), "1", "0", "03:04", "?", "00:00:00",
                        (c.path() + " " + String.join(" ", c.args())).strip())));
    }

    @Override
    public ContainerStats stats(String idOrName) {
        Container c = containers.get(idOrName);
        if (!c.state().running()) {
            return ContainerStats.empty(c.id(), c.name());
        }
        return new ContainerStats(c.id(), c.name(), Instant.parse("2024-01-02T03:04:05Z"),
                new ContainerStats.Pids(1, 0), new ContainerStats.Cpu(1_000_000, List.of(1_000_000L), 0, 1_000_000,
                10_000_000_000L, 2, 0, 0, 0), new ContainerStats.Memory(4 << 20, 0, 0, 4L << 30, Map.of()), Map.of(),
                Map.of());
    }
}
