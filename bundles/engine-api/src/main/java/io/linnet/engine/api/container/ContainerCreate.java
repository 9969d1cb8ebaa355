package io.linnet.engine.api.container;

import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.container.EndpointSettings;
import io.linnet.api.model.container.HostConfig;
import java.util.Map;

/**
 * A create request in Docker's own types: the engine applies dockerd's create defaults, merges the
 * image's config, and keeps both on the container as inspect shows them.
 *
 * @param name       empty for a generated one; with or without the leading slash
 * @param config     Docker's Config as the client sent it ({@code Image} names the image)
 * @param hostConfig Docker's HostConfig as the client sent it; null when it sent none (dockerd then
 *                   stores Go's zero value with the create defaults, but no Runtime)
 * @param endpoints  NetworkingConfig.EndpointsConfig, keyed by network; empty when none
 */
public record ContainerCreate(String name, ContainerConfig config, HostConfig hostConfig,
        Map<String, EndpointSettings> endpoints) {

    public ContainerCreate {
        name = name == null ? "" : name;
        config = config == null ? ContainerConfig.zero() : config;
        endpoints = endpoints == null ? Map.of() : endpoints;
    }

    /** The image reference or ID as the client gave it. */
    public String image() {
        return config.image() == null ? "" : config.image();
    }
}
