package io.linnet.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.engine.api.network.NetworkSetupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One container's endpoints on CNI: ADD of each network it asks for on its pinned namespace (ports
 * published with the first network that is not internal), DEL of each with the plugin list and
 * results its ADD used. The caller holds the locks; {@link #runDel} alone changes no state, so it may
 * run outside the shared lock.
 */
final class ContainerEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerEndpoints.class);

    private final ObjectMapper json;
    private final NetworkStore store;
    private final BridgeDriver driver;
    private final PortPublisher ports;
    private final NetworkEvents events;
    private final Path ipamDir;

    ContainerEndpoints(ObjectMapper json, NetworkStore store, BridgeDriver driver, PortPublisher ports,
            NetworkEvents events, Path ipamDir) {
        this.json = json;
        this.store = store;
        this.driver = driver;
        this.ports = ports;
        this.events = events;
        this.ipamDir = ipamDir;
    }

    /** The endpoint ports are published with (the first that is not internal), or null. */
    ContainerNet.Endpoint publishingEndpoint(ContainerNet n) {
        for (var e : n.endpoints.entrySet()) {
            NetworkDef def = store.find(e.getKey());
            if (def != null && !def.internal()) {
                return e.getValue();
            }
        }
        return null;
    }

    /** CNI ADD of each network the container asked for and has no endpoint on; ports go with the first public one. */
    void addMissingEndpoints(ContainerNet n) throws CniPlugins.CniException {
        boolean publish = publishingEndpoint(n) == null;
        for (var e : List.copyOf(n.networks.entrySet())) {
            if (n.endpoints.containsKey(e.getKey())) {
                continue;
            }
            NetworkDef def = store.find(e.getKey());
            if (def == null) {
                throw new NetworkSetupException("network " + e.getKey() + " not found");
            }
            addEndpoint(n, def, e.getValue(), publish && !def.internal());
            publish = publish && def.internal();
        }
    }

    /** CNI ADD of one network on the container's pinned namespace; ports published with the first one. */
    void addEndpoint(ContainerNet n, NetworkDef def, ContainerNet.Request req, boolean publish)
            throws CniPlugins.CniException {
        String endpointId = RandomIds.newId();
        String ifname = nextIfname(n);
        ObjectNode runtime = json.createObjectNode();
        ArrayNode mappings = runtime.putArray("portMappings");
        if (publish) {
            ports.publish(n, def, endpointId, mappings);
        }
        if (!req.ipv4Address.isEmpty()) {
            runtime.withArray("ips").add(req.ipv4Address + "/" + def.prefixLength());
        }
        if (!req.ipv6Address.isEmpty() && def.hasIpv6()) {
            runtime.withArray("ips").add(req.ipv6Address + "/" + def.prefixLength6());
        }
        ObjectNode conflist = CniConfigs.bridgeList(def.forFixedAddresses(!req.ipv4Address.isEmpty(),
                !req.ipv6Address.isEmpty()), ipamDir, !mappings.isEmpty(), req.macAddress);
        JsonNode result = driver.addEndpoint(def, conflist, n.id, n.netns, ifname, runtime);
        ContainerNet.Endpoint ep = new ContainerNet.Endpoint();
        ep.endpointId = endpointId;
        ep.ifname = ifname;
        ep.cniResult = result == null ? "" : result.toString();
        ep.runtimeConfig = runtime.toString();
        ep.conflist = conflist.toString();
        n.endpoints.put(def.id(), ep); // before parsing: a DEL must follow whatever happens next
        for (JsonNode ip : result == null ? List.<JsonNode>of() : result.path("ips")) {
            String cidr = ip.path("address").asText();
            String address = cidr.substring(0, cidr.indexOf('/'));
            int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
            String gateway = def.internal() ? "" : ip.path("gateway").asText("");
            if (address.contains(":")) {
                ep.ipv6Address = address;
                ep.ipv6PrefixLength = prefix;
                ep.ipv6Gateway = gateway;
            } else {
                ep.ipAddress = address;
                ep.prefixLength = prefix;
                ep.gateway = gateway;
            }
        }
        if (ep.ipAddress.isEmpty()) {
            throw new CniPlugins.CniException("no address from IPAM on network " + def.name());
        }
        if (!req.linkLocalIps.isEmpty()) {
            List<String> cidrs = ContainerNetSettings.linkLocalCidrs(req.linkLocalIps);
            try {
                driver.addAddresses(n.netns, ifname, cidrs);
            } catch (IOException e) {
                throw new CniPlugins.CniException("error setting interface \"" + ifname + "\" link local IPs to "
                        + cidrs + ": " + e.getMessage());
            }
        }
        for (JsonNode itf : result.path("interfaces")) {
            if (ifname.equals(itf.path("name").asText()) && itf.has("sandbox")) {
                ep.macAddress = itf.path("mac").asText("");
            }
        }
        if (!req.macAddress.isEmpty()) {
            ep.macAddress = req.macAddress; // tuning set it after the bridge plugin reported its own
        }
        if (publish) {
            ports.forward(n.id, ep.ipAddress, ep.ipv6Address);
        }
        events.publish(def, "connect", n.id);
    }

    /** The first ethN the container does not use yet. */
    static String nextIfname(ContainerNet n) {
        for (int i = 0; ; i++) {
            String name = "eth" + i;
            if (n.endpoints.values().stream().noneMatch(e -> e.ifname.equals(name))) {
                return name;
            }
        }
    }

    /**
     * CNI DEL of every endpoint (last first) and the ports released; the namespace stays.
     *
     * @return whether portmap's shared chains should be looked at
     */
    boolean deleteEndpoints(ContainerNet n) {
        List<String> ids = new ArrayList<>(n.endpoints.keySet());
        Collections.reverse(ids);
        boolean sharedChains = false;
        for (String netId : ids) {
            sharedChains |= delEndpoint(n, netId);
        }
        ports.release(n.id);
        n.published.clear();
        return sharedChains;
    }

    /** @return whether the endpoint's plugins use the chains portmap and firewall share between containers */
    boolean delEndpoint(ContainerNet n, String netId) {
        ContainerNet.Endpoint ep = n.endpoints.remove(netId);
        NetworkDef def = store.find(netId);
        if (ep == null || def == null) {
            return false;
        }
        boolean sharedChains = runDel(n, def, ep);
        events.publish(def, "disconnect", n.id);
        return sharedChains;
    }

    /** The plugins' DEL; a failure is logged. @return whether they use the chains containers share */
    boolean runDel(ContainerNet n, NetworkDef def, ContainerNet.Endpoint ep) {
        boolean sharedChains = true;
        try {
            JsonNode conflist = conflistOf(def, ep);
            sharedChains = CniConfigs.usesSharedChains(conflist);
            driver.delEndpoint(conflist, n.id, n.netns, ep.ifname,
                    ep.runtimeConfig.isEmpty() ? null : json.readTree(ep.runtimeConfig),
                    ep.cniResult.isEmpty() ? null : json.readTree(ep.cniResult));
        } catch (CniPlugins.CniException | IOException e) {
            LOG.warn("container {}: CNI DEL on network {} failed: {}", n.id, def.name(), e.getMessage());
        }
        return sharedChains;
    }

    JsonNode conflistOf(NetworkDef def, ContainerNet.Endpoint ep) throws IOException {
        return ep.conflist.isEmpty() ? CniConfigs.earlierBridgeList(def, ipamDir) : json.readTree(ep.conflist);
    }

    /** Whether the endpoint's DEL touches chains other containers' rules are in (then it runs under the lock). */
    boolean sharesChains(String netId, ContainerNet.Endpoint ep) {
        NetworkDef def = store.find(netId);
        try {
            return def != null && CniConfigs.usesSharedChains(conflistOf(def, ep));
        } catch (IOException e) {
            return true;
        }
    }
}
