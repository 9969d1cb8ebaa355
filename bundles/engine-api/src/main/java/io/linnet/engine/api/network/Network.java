package io.linnet.engine.api.network;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Docker network.
 *
 * @param scope      always "local"
 * @param ipam       subnets with gateway and ip-range
 * @param containers container ID → its endpoint on this network (running containers only)
 */
public record Network(String id, String name, Instant created, String scope, String driver, boolean enableIpv6,
        List<IpamConfig> ipam, boolean internal, boolean attachable, boolean ingress, Map<String, String> options,
        Map<String, String> labels, Map<String, Attached> containers) {

    public Network {
        ipam = ipam == null ? List.of() : List.copyOf(ipam);
        options = options == null ? Map.of() : Map.copyOf(options);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        containers = containers == null ? Map.of() : Map.copyOf(containers);
    }

    /** One IPAM pool: "" for unset values. */
    public record IpamConfig(String subnet, String ipRange, String gateway) {
    }

    /** A container on the network, as {@code GET /networks/{id}} shows it. */
    public record Attached(String name, String endpointId, String macAddress, String ipv4Address, String ipv6Address) {
    }

    /** Whether this is one of the networks every daemon has (bridge, host, none). */
    public boolean predefined() {
        return name.equals("bridge") || name.equals("host") || name.equals("none");
    }
}
