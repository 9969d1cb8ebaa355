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
     * @param ipv6             the endpoint's IPv6 side (all "" on a network without IPv6)
     * @param linkLocalIps     IPAMConfig.LinkLocalIPs as asked
     */
    public record Endpoint(String networkId, String endpointId, String ipAddress, int ipPrefixLen, String gateway,
            String macAddress, List<String> aliases, String ipamIpv4Address, Ipv6 ipv6, List<String> links,
            List<String> linkLocalIps) {
        public Endpoint {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
            ipv6 = ipv6 == null ? Ipv6.NONE : ipv6;
            links = links == null ? List.of() : List.copyOf(links);
            linkLocalIps = linkLocalIps == null ? List.of() : List.copyOf(linkLocalIps);
        }

        public Endpoint(String networkId, String endpointId, String ipAddress, int ipPrefixLen, String gateway,
                String macAddress, List<String> aliases, String ipamIpv4Address, Ipv6 ipv6, List<String> links) {
            this(networkId, endpointId, ipAddress, ipPrefixLen, gateway, macAddress, aliases, ipamIpv4Address, ipv6,
                    links, List.of());
        }

        public Endpoint(String networkId, String endpointId, String ipAddress, int ipPrefixLen, String gateway,
                String macAddress, List<String> aliases, String ipamIpv4Address, Ipv6 ipv6) {
            this(networkId, endpointId, ipAddress, ipPrefixLen, gateway, macAddress, aliases, ipamIpv4Address, ipv6,
                    List.of());
        }

        public Endpoint(String networkId, String endpointId, String ipAddress, int ipPrefixLen, String gateway,
                String macAddress, List<String> aliases, String ipamIpv4Address) {
            this(networkId, endpointId, ipAddress, ipPrefixLen, gateway, macAddress, aliases, ipamIpv4Address,
                    Ipv6.NONE);
        }
    }

    /**
     * @param ipamAddress the static IPv6 address asked for ("" when none)
     */
    public record Ipv6(String address, int prefixLen, String gateway, String ipamAddress) {
        public static final Ipv6 NONE = new Ipv6("", 0, "", "");
    }

    /** A published port on the host. */
    public record PortMapping(String hostIp, String hostPort) {
    }
}
