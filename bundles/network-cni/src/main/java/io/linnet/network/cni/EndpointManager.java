package io.linnet.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.container.EndpointSettings;
import io.linnet.api.model.container.HostConfig;
import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.EngineException;
import io.linnet.engine.api.ForbiddenException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.network.ContainerNetworking.Mode;
import io.linnet.engine.api.network.ContainerNetworking.Sandbox;
import io.linnet.engine.api.network.NetworkService.EndpointRequest;
import io.linnet.engine.api.network.NetworkSetupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's endpoints through its life: the networks it asks for when created, CNI ADD of each
 * on its task's pinned namespace (ports published with the first network that is not internal), CNI
 * DEL when the task ends, and connect and disconnect of a container at any time. Every change is
 * saved at once, so a restarted daemon deletes the endpoints of tasks that ended without it.
 */
final class EndpointManager {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointManager.class);

    private final ObjectMapper json;
    private final NetworkStore store;
    private final ContainerNets nets;
    private final ContainerFiles files;
    private final BridgeDriver driver;
    private final PortPublisher ports;
    private final NetworkEvents events;
    private final Path netnsDir;
    private final Path ipamDir;
    /** Shared with the network catalog: a network is not removed while an endpoint joins it. */
    private final Object lock;
    private final ContainerResolvers resolvers;

    EndpointManager(ObjectMapper json, NetworkStore store, ContainerNets nets, ContainerFiles files, BridgeDriver driver,
            PortPublisher ports, NetworkEvents events, Path netnsDir, Path ipamDir, Object lock) {
        this.json = json;
        this.store = store;
        this.nets = nets;
        this.files = files;
        this.driver = driver;
        this.ports = ports;
        this.events = events;
        this.netnsDir = netnsDir;
        this.ipamDir = ipamDir;
        this.lock = lock;
        this.resolvers = new ContainerResolvers(store, nets, files, driver);
    }

    /** The embedded DNS server of the containers still running from an earlier daemon. */
    void resumeResolvers() {
        synchronized (lock) {
            resolvers.resume(List.copyOf(nets.all()));
        }
    }

    /** The ports running containers of an earlier daemon publish by forwarding are forwarded again. */
    void resumeProxies() {
        synchronized (lock) {
            for (ContainerNet n : nets.all()) {
                ContainerNet.Endpoint ep = n.pid == 0 ? null : publishingEndpoint(n);
                if (ep != null) {
                    ports.resume(n, ep.ipAddress, ep.ipv6Address);
                }
            }
        }
    }

    /** The endpoint ports are published with (the first that is not internal), or null. */
    private ContainerNet.Endpoint publishingEndpoint(ContainerNet n) {
        for (var e : n.endpoints.entrySet()) {
            NetworkDef def = store.find(e.getKey());
            if (def != null && !def.internal()) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Stops serving DNS (running containers keep their endpoints; the next daemon serves them again). */
    void closeResolvers() {
        resolvers.close();
    }

    /** Endpoints of tasks that ended while no daemon watched (crash, reboot): deleted now. */
    void releaseStale() {
        for (ContainerNet n : List.copyOf(nets.all())) {
            if (n.pid > 0 && !driver.namespaceAlive(n.pid, n.netns)) {
                LOG.info("container {}: its task is gone; releasing its network endpoints", n.id);
                synchronized (lock) {
                    detachLocked(n);
                    nets.save(n);
                }
            }
        }
    }

    Sandbox sandbox(String containerId, String name, ContainerConfig config, HostConfig host,
            Map<String, EndpointSettings> endpointsConfig, List<String> imageExposedPorts) {
        Map<String, EndpointSettings> endpoints = endpointsConfig == null ? Map.of() : endpointsConfig;
        ContainerNet n = ContainerNetSettings.read(containerId, name, config, host, imageExposedPorts);
        Sandbox sandbox;
        synchronized (lock) {
            if (n.hostMode()) {
                n.hostname = ContainerFiles.hostHostname();
                sandbox = new Sandbox(Mode.HOST, "", files.mounts(containerId), n.hostname);
            } else if (n.networkMode.startsWith("container:")) {
                ContainerNet other = nets.find(n.networkMode.substring("container:".length()));
                if (other.id.equals(containerId)) {
                    throw new InvalidParameterException("cannot join own network");
                }
                n.joins = other.id;
                n.hostname = other.hostname;
                sandbox = new Sandbox(Mode.JOIN, netnsDir.resolve(other.id).toString(), files.mounts(other.id),
                        other.hostname);
            } else if (n.noneMode()) {
                sandbox = new Sandbox(Mode.NEW, "", files.mounts(containerId), "");
            } else {
                String wanted = n.networkMode.equals("default") ? NetworkCatalog.BRIDGE : n.networkMode;
                NetworkDef def = store.find(wanted);
                if (def == null) {
                    // as dockerd: the network must exist when the container starts, not when it is created
                    n.networks.put(wanted, ContainerNetSettings.unchecked(endpoints.get(wanted), config.macAddress()));
                } else {
                    if (!def.isBridge()) {
                        throw new InvalidParameterException("container cannot be connected to network " + wanted);
                    }
                    EndpointSettings ep = endpoints.containsKey(wanted) ? endpoints.get(wanted)
                            : endpoints.containsKey(def.name()) ? endpoints.get(def.name()) : endpoints.get("default");
                    n.networks.put(def.id(), ContainerNetSettings.request(def, ep, config.macAddress()));
                }
                sandbox = new Sandbox(Mode.NEW, "", files.mounts(containerId), "");
            }
            nets.save(n);
        }
        return sandbox;
    }

    void prepare(String containerId) {
        ContainerNet n = nets.get(containerId);
        if (n == null) {
            return;
        }
        if (!n.joins.isEmpty()) {
            ContainerNet other = nets.get(n.joins);
            if (other == null || other.pid == 0 || !driver.namespaceAlive(other.pid, other.netns)) {
                throw new ConflictException("cannot join network of a non running container: " + n.joins);
            }
            return;
        }
        synchronized (lock) {
            // networks named when the container was created are looked up now (by ID from then on)
            Map<String, ContainerNet.Request> resolved = new LinkedHashMap<>();
            for (var e : n.networks.entrySet()) {
                NetworkDef def = store.find(e.getKey());
                if (def == null) {
                    throw new NotFoundException("network " + e.getKey() + " not found");
                }
                resolved.put(def.id(), e.getValue());
            }
            if (!resolved.keySet().equals(n.networks.keySet())) {
                n.networks = resolved;
                nets.save(n);
            }
        }
        files.writeAll(n);
    }

    void attach(String containerId, int pid) {
        synchronized (lock) {
            ContainerNet n = nets.get(containerId);
            if (n == null) {
                return;
            }
            n.pid = pid;
            if (n.hostMode() || !n.joins.isEmpty()) {
                nets.save(n);
                return;
            }
            Path ns = netnsDir.resolve(containerId);
            try {
                driver.pinNamespace(pid, ns);
                n.netns = ns.toString();
                driver.addLoopback(containerId, n.netns);
                boolean publish = true;
                for (var e : n.networks.entrySet()) {
                    NetworkDef def = store.find(e.getKey());
                    if (def == null) {
                        throw new NetworkSetupException("network " + e.getKey() + " not found");
                    }
                    addEndpoint(n, def, e.getValue(), publish && !def.internal());
                    publish = publish && def.internal();
                }
                nets.save(n);
                resolvers.changed(n, n.endpoints.keySet());
                LOG.info("container {}: network attached ({})", containerId, n.endpoints.values().stream()
                        .map(ep -> ep.ifname + " " + ep.ipAddress).toList());
            } catch (IOException | CniPlugins.CniException | RuntimeException e) {
                detachLocked(n);
                n.pid = 0;
                nets.save(n);
                if (e instanceof EngineException ee) {
                    throw ee;
                }
                throw new NetworkSetupException("failed to set up container networking: " + e.getMessage());
            }
        }
        files.rewriteAround(containerId);
    }

    /** CNI ADD of one network on the container's pinned namespace; ports published with the first one. */
    private void addEndpoint(ContainerNet n, NetworkDef def, ContainerNet.Request req, boolean publish)
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

    void detach(String containerId) {
        boolean had;
        synchronized (lock) {
            ContainerNet n = nets.get(containerId);
            if (n == null || (n.pid == 0 && n.endpoints.isEmpty() && n.netns.isEmpty())) {
                return;
            }
            had = !n.endpoints.isEmpty();
            detachLocked(n);
            nets.save(n);
        }
        if (had) {
            files.rewriteAround(containerId);
        }
    }

    /** CNI DEL of every endpoint (last first), ports and namespace pin released. Never throws. */
    private void detachLocked(ContainerNet n) {
        List<String> ids = new ArrayList<>(n.endpoints.keySet());
        Collections.reverse(ids);
        boolean sharedChains = false;
        for (String netId : ids) {
            sharedChains |= delEndpoint(n, netId);
        }
        ports.release(n.id);
        n.published.clear();
        n.pid = 0;
        driver.unpinNamespace(netnsDir.resolve(n.id));
        n.netns = "";
        if (sharedChains) {
            driver.removeUnusedSharedChains();
        }
        resolvers.changed(n, ids);
    }

    /** @return whether the endpoint's plugins use the chains portmap and firewall share between containers */
    private boolean delEndpoint(ContainerNet n, String netId) {
        ContainerNet.Endpoint ep = n.endpoints.remove(netId);
        NetworkDef def = store.find(netId);
        if (ep == null || def == null) {
            return false;
        }
        boolean sharedChains = true;
        try {
            JsonNode conflist = ep.conflist.isEmpty() ? CniConfigs.earlierBridgeList(def, ipamDir)
                    : json.readTree(ep.conflist);
            sharedChains = CniConfigs.usesSharedChains(conflist);
            driver.delEndpoint(conflist, n.id, n.netns, ep.ifname,
                    ep.runtimeConfig.isEmpty() ? null : json.readTree(ep.runtimeConfig),
                    ep.cniResult.isEmpty() ? null : json.readTree(ep.cniResult));
        } catch (CniPlugins.CniException | IOException e) {
            LOG.warn("container {}: CNI DEL on network {} failed: {}", n.id, def.name(), e.getMessage());
        }
        events.publish(def, "disconnect", n.id);
        return sharedChains;
    }

    /** Peers resolve the container by its new name, by DNS and in their hosts files. */
    void renamed(String containerId, String name) {
        synchronized (lock) {
            ContainerNet n = nets.get(containerId);
            if (n == null) {
                return;
            }
            nets.rename(n, name.startsWith("/") ? name : "/" + name);
            resolvers.changed(n, n.endpoints.keySet());
        }
        files.rewriteAround(containerId);
    }

    /** The container's legacy links: kept, and its hosts file rewritten if it runs. */
    void links(String containerId, Map<String, String> aliasToContainerId) {
        synchronized (lock) {
            ContainerNet n = nets.get(containerId);
            if (n == null) {
                return;
            }
            n.legacyLinks = new LinkedHashMap<>(aliasToContainerId);
            nets.save(n);
        }
        files.rewriteAround(containerId);
    }

    void forget(String containerId) {
        detach(containerId);
        synchronized (lock) {
            nets.remove(containerId);
        }
    }

    void connect(String network, String container, List<String> aliases, String ipv4Address) {
        connect(network, container, new EndpointRequest(aliases, ipv4Address, "", ""));
    }

    void connect(String network, String container, EndpointRequest wanted) {
        synchronized (lock) {
            NetworkDef def = store.require(network);
            ContainerNet n = nets.find(container);
            if (!def.isBridge() || n.hostMode() || !n.joins.isEmpty()) {
                throw new ForbiddenException("container cannot be disconnected from host network or connected to host network");
            }
            if (n.noneMode()) {
                throw new ForbiddenException("container " + n.id + " is in network mode none and cannot be connected to "
                        + "a network");
            }
            if (n.networks.containsKey(def.id())) {
                throw new ForbiddenException("endpoint with name " + n.shortName() + " already exists in network "
                        + def.name());
            }
            ContainerNet.Request req = ContainerNetSettings.request(def, wanted.aliases(), wanted.ipv4Address(),
                    wanted.ipv6Address(), wanted.macAddress());
            req.links = new ArrayList<>(wanted.links());
            req.linkLocalIps = new ArrayList<>(wanted.linkLocalIps());
            n.networks.put(def.id(), req);
            if (n.pid > 0 && !n.netns.isEmpty()) {
                try {
                    addEndpoint(n, def, req, false);
                } catch (CniPlugins.CniException | RuntimeException e) {
                    delEndpoint(n, def.id());
                    n.networks.remove(def.id());
                    nets.save(n);
                    if (e instanceof EngineException ee) {
                        throw ee;
                    }
                    throw new NetworkSetupException("failed to connect container to network " + def.name() + ": "
                            + e.getMessage());
                }
            } else if (n.pid == 0) {
                events.publish(def, "connect", n.id);
            }
            nets.save(n);
            resolvers.changed(n, List.of(def.id()));
        }
        files.rewriteAround(nets.find(container).id);
    }

    void disconnect(String network, String container, boolean force) {
        ContainerNet n;
        List<ContainerNet> peersOnIt;
        synchronized (lock) {
            NetworkDef def = store.require(network);
            n = nets.find(container);
            if (!def.isBridge() || n.hostMode()) {
                throw new ForbiddenException("container cannot be disconnected from host network or connected to host network");
            }
            if (!n.networks.containsKey(def.id())) {
                // dockerd's text; dockerd answers it with a 500, but it is the client's request that is off:
                // 403 as for connecting twice
                throw new ForbiddenException("container " + n.id + " is not connected to network " + def.name());
            }
            leave(n, def);
            // peers that shared only this network with n still list it in their hosts files
            peersOnIt = nets.onNetwork(def.id()).stream().filter(m -> m.endpoints.containsKey(def.id())).toList();
        }
        files.rewriteAround(n.id);
        files.rewrite(peersOnIt);
    }

    private void leave(ContainerNet n, NetworkDef def) {
        if (n.endpoints.containsKey(def.id())) {
            if (delEndpoint(n, def.id())) {
                driver.removeUnusedSharedChains();
            }
        } else {
            events.publish(def, "disconnect", n.id);
        }
        n.networks.remove(def.id());
        nets.save(n);
        resolvers.changed(n, List.of(def.id()));
    }
}
