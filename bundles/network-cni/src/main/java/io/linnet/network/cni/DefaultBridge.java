package io.linnet.network.cni;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The default bridge network as the daemon's settings describe it, as dockerd's initBridgeDriver builds it:
 * its subnet and gateway from bip (or the first free subnet of the address pools), addresses from fixed-cidr,
 * dual stack with fixed-cidr-v6 when ipv6 is on, and its mtu, icc, default binding address and masquerading
 * shown in its Options as dockerd shows them.
 *
 * @param bip       gateway and prefix ("172.30.0.1/16"), "" to take a subnet from the pools
 * @param mtu       0 for 1500
 * @param bindingIp the host address {@code -p} binds when it names none
 * @param iptables  the daemon adds iptables rules (without them dockerd shows enable_ip_masquerade false)
 */
record DefaultBridge(String bip, String bridge, String fixedCidr, boolean ipv6, String fixedCidrV6, int mtu,
        boolean icc, String bindingIp, boolean iptables) {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultBridge.class);

    static DefaultBridge of(NetworkConfig c) {
        return new DefaultBridge(c.bip(), c.bridge(), c.fixedCidr(), c.ipv6(), c.fixedCidrV6(), c.mtu(), c.icc(),
                c.defaultBindingIp(), c.iptables());
    }

    /** The bridge with Linnet's defaults: 172.30.0.1/16 on linnet0, beside dockerd's docker0. */
    static DefaultBridge of(String bip, String bridge) {
        return new DefaultBridge(bip, bridge, "", false, "", 0, true, "0.0.0.0", true);
    }

    /**
     * The network's definition. Without bip, the subnet it had before stays (dockerd keeps docker0's address),
     * else it is the pools' first free one (then inspect shows no gateway, as dockerd 20.10).
     *
     * @param poolSubnet the first free subnet of the pools, asked only when bip is "" and none was stored
     */
    NetworkDef define(NetworkDef existing, String id, String created, Supplier<String> poolSubnet) {
        String subnet;
        String gateway;
        if (bip.isEmpty()) {
            subnet = existing != null ? existing.subnet() : poolSubnet.get();
            gateway = existing != null ? existing.gateway() : Ipv4.firstHost(subnet);
        } else {
            subnet = Ipv4.canonical(bip);
            gateway = bip.substring(0, bip.indexOf('/'));
        }
        String ipRange = "";
        if (!fixedCidr.isEmpty()) {
            if (Ipv4.isCidr(fixedCidr) && Ipv4.overlaps(subnet, fixedCidr)
                    && Ipv4.network(fixedCidr)[1] >= Ipv4.network(subnet)[1]) {
                ipRange = Ipv4.canonical(fixedCidr);
            } else {
                LOG.warn("fixed-cidr {} is not inside the default bridge's subnet {}: containers get addresses from "
                        + "all of it", fixedCidr, subnet);
            }
        }
        String subnet6 = "";
        String gateway6 = "";
        if (ipv6 && !fixedCidrV6.isEmpty()) {
            if (Ipv6.isCidr(fixedCidrV6)) {
                subnet6 = Ipv6.canonical(fixedCidrV6);
                gateway6 = Ipv6.firstHost(subnet6);
            } else {
                LOG.warn("fixed-cidr-v6 {} is not an IPv6 CIDR: the default bridge has no IPv6 subnet", fixedCidrV6);
            }
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("com.docker.network.bridge.default_bridge", "true");
        options.put("com.docker.network.bridge.enable_icc", Boolean.toString(icc));
        options.put("com.docker.network.bridge.enable_ip_masquerade", Boolean.toString(iptables));
        options.put("com.docker.network.bridge.host_binding_ipv4", bindingIp);
        options.put("com.docker.network.bridge.name", bridge);
        options.put("com.docker.network.driver.mtu", Integer.toString(mtu == 0 ? 1500 : mtu));
        return new NetworkDef(id, NetworkCatalog.BRIDGE, "bridge", created, bridge, subnet, gateway, ipRange, false,
                false, ipv6, mtu, icc, options, Map.of(), subnet6, gateway6, "", Map.of(), Map.of(), bip.isEmpty());
    }
}
