package io.linnet.network.cni;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/**
 * A bridge network as stored under {@code <dataRoot>/networks/defs/<id>.json}; host and none are
 * never stored (driver "host"/"null").
 *
 * @param created      RFC 3339 with nanoseconds
 * @param subnet       IPv4 CIDR
 * @param ipRange      "" for the whole subnet
 * @param subnet6      IPv6 CIDR, "" when the network has none (used only with enableIpv6)
 * @param auxAddresses AuxiliaryAddresses of both families (name → address): never given to a container
 * @param autoSubnet   the IPv4 subnet came from the pools (inspect does not show it as configured, and
 *                     a container may not ask for a fixed address on it, as dockerd)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record NetworkDef(String id, String name, String driver, String created, String bridge, String subnet, String gateway,
        String ipRange, boolean internal, boolean attachable, boolean enableIpv6, int mtu, boolean icc,
        Map<String, String> options, Map<String, String> labels, String subnet6, String gateway6, String ipRange6,
        Map<String, String> auxAddresses, Map<String, String> ipamOptions, boolean autoSubnet) {

    NetworkDef {
        ipRange = ipRange == null ? "" : ipRange;
        subnet6 = subnet6 == null ? "" : subnet6;
        gateway6 = gateway6 == null ? "" : gateway6;
        ipRange6 = ipRange6 == null ? "" : ipRange6;
        auxAddresses = auxAddresses == null ? Map.of() : Map.copyOf(auxAddresses);
        ipamOptions = ipamOptions == null ? Map.of() : Map.copyOf(ipamOptions);
        options = options == null ? Map.of() : Map.copyOf(options);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** An IPv4-only network without IPAM extras (the predefined ones, and tests). */
    NetworkDef(String id, String name, String driver, String created, String bridge, String subnet, String gateway,
            String ipRange, boolean internal, boolean attachable, boolean enableIpv6, int mtu, boolean icc,
            Map<String, String> options, Map<String, String> labels) {
        this(id, name, driver, created, bridge, subnet, gateway, ipRange, internal, attachable, enableIpv6, mtu, icc,
                options, labels, "", "", "", Map.of(), Map.of(), false);
    }

    /**
     * The network as the CNI list of an endpoint with fixed addresses sees it: a family with a fixed address
     * has no ip-range, since dockerd takes a fixed address anywhere in the subnet (host-local only inside its range).
     */
    NetworkDef forFixedAddresses(boolean v4, boolean v6) {
        if ((!v4 || ipRange.isEmpty()) && (!v6 || ipRange6.isEmpty())) {
            return this;
        }
        return new NetworkDef(id, name, driver, created, bridge, subnet, gateway, v4 ? "" : ipRange, internal,
                attachable, enableIpv6, mtu, icc, options, labels, subnet6, gateway6, v6 ? "" : ipRange6, auxAddresses,
                ipamOptions, autoSubnet);
    }

    /** Whether containers get an IPv6 address on it. */
    boolean hasIpv6() {
        return enableIpv6 && !subnet6.isEmpty();
    }

    /** dockerd's enable_ip_masquerade (true unless set to false). */
    boolean masquerade() {
        return !"false".equals(options.get("com.docker.network.bridge.enable_ip_masquerade"));
    }

    int prefixLength6() {
        return Integer.parseInt(subnet6.substring(subnet6.indexOf('/') + 1));
    }

    boolean isBridge() {
        return "bridge".equals(driver);
    }

    /** The default bridge network: names do not resolve on it (as dockerd). */
    boolean isDefaultBridge() {
        return "bridge".equals(name);
    }

    int prefixLength() {
        return Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1));
    }
}
