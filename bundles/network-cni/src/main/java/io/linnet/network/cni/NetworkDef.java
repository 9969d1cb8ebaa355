package io.linnet.network.cni;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/**
 * A bridge network as stored under {@code <dataRoot>/networks/defs/<id>.json}; host and none are
 * never stored (driver "host"/"null").
 *
 * @param created RFC 3339 with nanoseconds
 * @param subnet  IPv4 CIDR
 * @param ipRange "" for the whole subnet
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record NetworkDef(String id, String name, String driver, String created, String bridge, String subnet, String gateway,
        String ipRange, boolean internal, boolean attachable, boolean enableIpv6, int mtu, boolean icc,
        Map<String, String> options, Map<String, String> labels) {

    NetworkDef {
        ipRange = ipRange == null ? "" : ipRange;
        options = options == null ? Map.of() : Map.copyOf(options);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
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
