package io.linnet.engine.api.container;

import java.util.Optional;

/** Healthchecks ({@code HEALTHCHECK}, {@code docker run --health-*}) of the containers. */
public interface HealthService {

    /** The container's health; empty when it has no healthcheck or never ran one since the daemon started. */
    Optional<ContainerHealth> health(String containerId);
}
