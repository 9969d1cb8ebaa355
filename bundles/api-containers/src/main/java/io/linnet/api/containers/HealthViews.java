package io.linnet.api.containers;

import io.linnet.api.model.DockerTime;
import io.linnet.api.model.container.Health;
import io.linnet.api.model.container.HealthcheckResult;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerHealth;
import io.linnet.engine.api.container.HealthService;

/**
 * State.Health for inspect, the Status column and the {@code health} filter. The health service
 * is optional: it is set by {@link ContainersResource}'s dynamic reference and read by the static
 * views (one resource per bundle, so one holder is enough).
 */
final class HealthViews {

    static volatile HealthService service;

    private HealthViews() {
    }

    /** State.Health as dockerd writes it; null without a healthcheck. */
    static Health of(Container c) {
        ContainerHealth h = engineHealth(c);
        if (h == null) {
            return null;
        }
        return new Health(h.status(), h.failingStreak(), h.log().stream()
                .map(r -> new HealthcheckResult(DockerTime.rfc3339Nano(r.start()), DockerTime.rfc3339Nano(r.end()),
                        r.exitCode(), r.output()))
                .toList());
    }

    /** What the {@code health} filter compares: starting, healthy, unhealthy or none. */
    static String status(Container c) {
        ContainerHealth h = engineHealth(c);
        return h == null ? ContainerHealth.NONE : h.status();
    }

    private static ContainerHealth engineHealth(Container c) {
        HealthService s = service;
        return s == null ? null : s.health(c.id()).orElse(null);
    }
}
