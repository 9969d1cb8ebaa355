package io.linnet.network.cni;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

/**
 * The CNI plugin list for a Docker bridge network: bridge (with host-local IPAM whose state is the
 * daemon's), portmap for published ports and firewall so forwarding works on hosts whose FORWARD
 * policy is DROP. Internal networks get no gateway route and no masquerading.
 */
final class CniConfigs {

    static final String CNI_VERSION = "1.0.0";

    private CniConfigs() {
    }

    static ObjectNode bridgeList(NetworkDef net, Path ipamDir) {
        ObjectNode list = CniPlugins.JSON.createObjectNode();
        list.put("cniVersion", CNI_VERSION);
        list.put("name", "linnet-" + net.id().substring(0, 12));
        ArrayNode plugins = list.putArray("plugins");
        ObjectNode bridge = plugins.addObject();
        bridge.put("type", "bridge");
        bridge.put("bridge", net.bridge());
        bridge.put("isGateway", !net.internal());
        bridge.put("ipMasq", !net.internal());
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
        if (!net.internal()) {
            ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        }
        ipam.put("dataDir", ipamDir.toString());
        if (!net.internal()) {
            plugins.addObject().put("type", "portmap").putObject("capabilities").put("portMappings", true);
        }
        plugins.addObject().put("type", "firewall").put("backend", "iptables");
        return list;
    }

    static ObjectNode loopback() {
        ObjectNode c = CniPlugins.JSON.createObjectNode();
        c.put("cniVersion", CNI_VERSION);
        c.put("name", "linnet-loopback");
        c.put("type", "loopback");
        return c;
    }
}
