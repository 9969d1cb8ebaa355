package io.linnet.engine.api.network;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Docker network.
 *
 * @param scope      always "local"
 * @param ipam       subnets with gateway and ip-range
 * @param containers  container ID → its endpoint on this network (running containers only)
 * @param ipamOptions IPAM.Options as given at create
 */
public record Network(String id, String name, Instant created, String scope, String driver, boolean enableIpv6,
        List<IpamConfig> ipam, boolean internal, boolean attachable, boolean ingress, Map<String, String> options,
        Map<String, String> labels, Map<String, Attached> containers, Map<String, String> ipamOptions) {

    public Network {
        ipamOptions = ipamOptions == null ? Map.of() : Map.copyOf(ipamOptions);
        ipam = ipam == null ? List.of() : List.copyOf(ipam);
        options = options == null ? Map.of() : Map.copyOf(options);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        containers = containers == null ? Map.of() : Map.copyOf(containers);
    }

    public Network(String id, String name, Instant created, String scope, String driver, boolean enableIpv6,
            List<IpamConfig> ipam, boolean internal, boolean attachable, boolean ingress, Map<String, String> options,
            Map<String, String> labels, Map<String, Attached> containers) {
        this(id, name, created, scope, driver, enableIpv6, ipam, internal, attachable, ingress, options, labels,
                containers, Map.of());
    }

    /** One IPAM pool: "" for unset values; auxAddresses (name → address) are reserved, never given to a container. */
    public record IpamConfig(String subnet, String ipRange, String gateway, Map<String, String> auxAddresses) {
        public IpamConfig {
            auxAddresses = auxAddresses == null ? Map.of() : Map.copyOf(auxAddresses);
        }

        public IpamConfig(String subnet, String ipRange, String gateway) {
            this(subnet, ipRange, gateway, Map.of());
        }
    }

    /** A container on the network, as {@code GET /networks/{id}} shows it. */
    public record Attached(String name, String endpointId, String macAddress, String ipv4Address, String ipv6Address) {
    }

    /** Whether this is one of the networks every daemon has (bridge, host, none). */
    public boolean predefined() {
        return name.equals("bridge") || name.equals("host") || name.equals("none");
    }
}
