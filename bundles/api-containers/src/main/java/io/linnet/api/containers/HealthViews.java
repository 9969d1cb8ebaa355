package io.linnet.api.containers;

import io.linnet.api.model.DockerTime;
import io.linnet.api.model.container.Health;
import io.linnet.api.model.container.HealthcheckResult;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerHealth;
import io.linnet.engine.api.container.HealthService;

/**
 * State.Health for inspect, the Status column and the {@code health} filter, from a {@link Lookup}
 * the resource builds per request from its optional health service.
 */
final class HealthViews {

    /** A container's health by its ID; null when it has no healthcheck or no health service runs. */
    @FunctionalInterface
    interface Lookup {
        Lookup NONE = id -> null;

        ContainerHealth of(String containerId);

        static Lookup of(HealthService service) {
            return service == null ? NONE : id -> service.health(id).orElse(null);
        }
    }

    private HealthViews() {
    }

    /** State.Health as dockerd writes it; null without a healthcheck. */
    static Health of(Container c, Lookup health) {
        ContainerHealth h = health.of(c.id());
        if (h == null) {
            return null;
        }
        return new Health(h.status(), h.failingStreak(), h.log().stream()
                .map(r -> new HealthcheckResult(DockerTime.rfc3339Nano(r.start()), DockerTime.rfc3339Nano(r.end()),
                        r.exitCode(), r.output()))
                .toList());
    }

    /** What the {@code health} filter compares: starting, healthy, unhealthy or none. */
    static String status(Container c, Lookup health) {
        ContainerHealth h = health.of(c.id());
        return h == null ? ContainerHealth.NONE : h.status();
    }
}
