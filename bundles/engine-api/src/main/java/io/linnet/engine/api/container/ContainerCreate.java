package io.linnet.engine.api.container;

/**
 * A create request: what the engine needs to run the container, and the Docker Config and
 * HostConfig JSON it keeps on the container as given (the endpoint renders them back).
 *
 * @param name           empty for a generated one; with or without the leading slash
 * @param image          the image reference or ID as the client gave it
 * @param configJson     Docker's Config object (JSON) as it should be shown by inspect
 * @param hostConfigJson Docker's HostConfig object (JSON), create defaults applied
 * @param autoRemove     HostConfig.AutoRemove
 * @param stopTimeout    Config.StopTimeout, null when not set
 * @param stdinOnce      Config.StdinOnce: stdin closes after the first attach ends
 * @param endpointsJson  NetworkingConfig.EndpointsConfig (JSON), "{}" when none
 */
public record ContainerCreate(String name, String image, ContainerSpec spec, String configJson, String hostConfigJson,
        boolean autoRemove, Integer stopTimeout, boolean stdinOnce, String endpointsJson) {

    /** A request without endpoint settings. */
    public ContainerCreate(String name, String image, ContainerSpec spec, String configJson, String hostConfigJson,
            boolean autoRemove, Integer stopTimeout, boolean stdinOnce) {
        this(name, image, spec, configJson, hostConfigJson, autoRemove, stopTimeout, stdinOnce, "{}");
    }

    public ContainerCreate {
        name = name == null ? "" : name;
        image = image == null ? "" : image;
        configJson = configJson == null ? "{}" : configJson;
        hostConfigJson = hostConfigJson == null ? "{}" : hostConfigJson;
        endpointsJson = endpointsJson == null ? "{}" : endpointsJson;
    }
}
