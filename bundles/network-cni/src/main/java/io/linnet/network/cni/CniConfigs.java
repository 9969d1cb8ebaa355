package io.linnet.network.cni;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

/**
 * The CNI plugin list for one endpoint on a Docker bridge network: bridge (with host-local IPAM whose
 * state is the daemon's), and portmap only when the container publishes ports. Masquerading and
 * forwarding are the network's own rules ({@link BridgeRules}), not per-container plugin work.
 * Internal networks get no gateway route. A dual-stack network's host-local has a second range set
 * (IPv6); a container that asks for a MAC address gets the tuning plugin, which sets it.
 */
final class CniConfigs {

    static final String CNI_VERSION = "1.0.0";

    private CniConfigs() {
    }

    static ObjectNode bridgeList(NetworkDef net, Path ipamDir, boolean publishes) {
        return bridgeList(net, ipamDir, publishes, "");
    }

    /** @param mac the address the container's interface gets, "" for the bridge plugin's */
    static ObjectNode bridgeList(NetworkDef net, Path ipamDir, boolean publishes, String mac) {
        ObjectNode list = bridgeList(net, ipamDir, false, publishes && !net.internal(), false);
        if (!mac.isEmpty()) {
            ((ArrayNode) list.path("plugins")).insertObject(1).put("type", "tuning").put("mac", mac);
        }
        return list;
    }

    /**
     * The list endpoints were added with before a conflist was kept with them (bridge with ipMasq,
     * portmap and firewall): their DEL must undo what that ADD did.
     */
    static ObjectNode earlierBridgeList(NetworkDef net, Path ipamDir) {
        return bridgeList(net, ipamDir, !net.internal(), !net.internal(), true);
    }

    private static ObjectNode bridgeList(NetworkDef net, Path ipamDir, boolean ipMasq, boolean portmap,
            boolean firewall) {
        ObjectNode list = CniPlugins.JSON.createObjectNode();
        list.put("cniVersion", CNI_VERSION);
        list.put("name", "linnet-" + net.id().substring(0, 12));
        ArrayNode plugins = list.putArray("plugins");
        ObjectNode bridge = plugins.addObject();
        bridge.put("type", "bridge");
        bridge.put("bridge", net.bridge());
        bridge.put("isGateway", !net.internal());
        bridge.put("ipMasq", ipMasq);
        bridge.put("hairpinMode", true);
        if (net.mtu() > 0) {
            bridge.put("mtu", net.mtu());
        }
        bridge.putObject("capabilities").put("ips", true);
        ObjectNode ipam = bridge.putObject("ipam");
        ipam.put("type", "host-local");
        ObjectNode range = ipam.putArray("ranges").addArray().addObject();
        range.put("subnet", net.subnet());
        range.put("gateway", net.gateway());
        if (!net.ipRange().isEmpty()) {
            String[] bounds = Ipv4.bounds(net.ipRange());
            range.put("rangeStart", bounds[0]);
            range.put("rangeEnd", bounds[1]);
        }
        if (net.hasIpv6()) {
            ObjectNode range6 = ((ArrayNode) ipam.path("ranges")).addArray().addObject();
            range6.put("subnet", net.subnet6());
            range6.put("gateway", net.gateway6());
            if (!net.ipRange6().isEmpty()) {
                String[] bounds = Ipv6.bounds(net.ipRange6());
                range6.put("rangeStart", bounds[0]);
                range6.put("rangeEnd", bounds[1]);
            }
        }
        if (!net.internal()) {
            ArrayNode routes = ipam.putArray("routes");
            routes.addObject().put("dst", "0.0.0.0/0");
            if (net.hasIpv6()) {
                routes.addObject().put("dst", "::/0");
            }
        }
        ipam.put("dataDir", ipamDir.toString());
        if (portmap) {
            plugins.addObject().put("type", "portmap").putObject("capabilities").put("portMappings", true);
        }
        if (firewall) {
            plugins.addObject().put("type", "firewall").put("backend", "iptables");
        }
        return list;
    }

    /** Whether a list runs portmap or firewall, whose shared chains stay behind after the last DEL. */
    static boolean usesSharedChains(com.fasterxml.jackson.databind.JsonNode conflist) {
        for (com.fasterxml.jackson.databind.JsonNode plugin : conflist.path("plugins")) {
            String type = plugin.path("type").asText();
            if (type.equals("portmap") || type.equals("firewall")) {
                return true;
            }
        }
        return false;
    }
}
