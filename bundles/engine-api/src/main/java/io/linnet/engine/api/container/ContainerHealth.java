package io.linnet.engine.api.container;

import java.time.Instant;
import java.util.List;

/**
 * State.Health of a container with a healthcheck.
 *
 * @param status        "starting", "healthy" or "unhealthy"
 * @param failingStreak consecutive failed probes (those in the start period do not count)
 * @param log           the last results, oldest first (at most 5)
 */
public record ContainerHealth(String status, int failingStreak, List<Result> log) {

    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";
    /** What the {@code health} list filter matches for a container without a healthcheck. */
    public static final String NONE = "none";

    public ContainerHealth {
        log = log == null ? List.of() : List.copyOf(log);
    }

    /** One probe: exit code 0 healthy, 1 unhealthy, -1 timed out, others an error running it. */
    public record Result(Instant start, Instant end, int exitCode, String output) {
    }
}
