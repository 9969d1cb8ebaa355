package io.linnet.engine.api.network;

import java.util.List;
import java.util.Map;

/**
 * A container's networks as inspect and list show them.
 *
 * @param networkMode HostConfig.NetworkMode as given ("default", "bridge", "host", "none", "container:x", a name)
 * @param sandboxKey  the pinned network namespace of a running container, "" otherwise
 * @param endpoints   by network name, in the order they were joined
 * @param ports       "80/tcp" → host bindings (empty list: exposed, not published); empty map when not running
 */
public record ContainerNetworkState(String networkMode, String sandboxKey, Map<String, Endpoint> endpoints,
        Map<String, List<PortMapping>> ports) {

    public ContainerNetworkState {
        endpoints = endpoints == null ? Map.of() : endpoints;
        ports = ports == null ? Map.of() : ports;
    }

    /**
     * An endpoint; address fields are "" while the container does not run.
     *
     * @param ipamIpv4Address the static address asked for ("" when none)
     */
    public record Endpoint(String networkId, String endpointId, String ipAddress, int ipPrefixLen, String gateway,
            String macAddress, List<String> aliases, String ipamIpv4Address) {
        public Endpoint {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }

    /** A published port on the host. */
    public record PortMapping(String hostIp, String hostPort) {
    }
}
