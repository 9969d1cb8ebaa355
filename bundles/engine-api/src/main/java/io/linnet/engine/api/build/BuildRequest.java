package io.linnet.engine.api.build;

import java.util.List;
import java.util.Map;

/**
 * A classic-builder build: the query parameters of {@code POST /build} the builder honours.
 *
 * @param dockerfile path of the Dockerfile inside the context ("Dockerfile" when empty)
 * @param tags       full or familiar references to tag the result with
 * @param buildArgs  values of ARGs (a null value takes it from the daemon's environment: not supported, ignored)
 * @param target     the stage to stop at; empty for the last
 * @param quiet      no step output, only the result
 * @param pull       pull base images even when they are in the store
 * @param registryAuths credentials by registry (X-Registry-Config: "https://index.docker.io/v1/", "host:port")
 * @param networkMode   the network of RUN steps' containers ({@code --network}): "" or "default" for the default
 *                      bridge, "host", "none", or a user network's name or ID
 * @param extraHosts    "host:ip" entries added to RUN steps' /etc/hosts ({@code --add-host})
 */
public record BuildRequest(String dockerfile, List<String> tags, Map<String, String> buildArgs,
        Map<String, String> labels, String target, boolean noCache, boolean remove, boolean forceRemove,
        boolean quiet, boolean pull, Map<String, io.linnet.engine.api.registry.RegistryAuth> registryAuths,
        String networkMode, List<String> extraHosts) {

    /** A build whose RUN steps run on the default bridge with no extra hosts. */
    public BuildRequest(String dockerfile, List<String> tags, Map<String, String> buildArgs,
            Map<String, String> labels, String target, boolean noCache, boolean remove, boolean forceRemove,
            boolean quiet, boolean pull, Map<String, io.linnet.engine.api.registry.RegistryAuth> registryAuths) {
        this(dockerfile, tags, buildArgs, labels, target, noCache, remove, forceRemove, quiet, pull, registryAuths,
                "", List.of());
    }

    public BuildRequest {
        dockerfile = dockerfile == null || dockerfile.isEmpty() ? "Dockerfile" : dockerfile;
        tags = tags == null ? List.of() : List.copyOf(tags);
        buildArgs = buildArgs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        target = target == null ? "" : target;
        registryAuths = registryAuths == null ? Map.of() : Map.copyOf(registryAuths);
        // moby's builder: "default" is what the CLI sends without --network
        networkMode = networkMode == null || networkMode.equals("default") ? "" : networkMode;
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    }
}
