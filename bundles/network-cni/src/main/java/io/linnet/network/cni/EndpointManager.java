package io.linnet.network.cni;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's endpoints through its life: the networks it asks for when created, its namespace
 * made and pinned before each task (the spec names the pin), CNI ADD of each network on it while the
 * task is created (ports published with the first network that is not internal), CNI DEL when the
 * task ends, and connect and disconnect of a container at any time. Every change is saved at once,
 * so a restarted daemon deletes the endpoints of tasks that ended without it.
 * <p>
 * Two locks: one shared with the network catalog (networks and endpoints change together), taken
 * after a container's own stripe, which keeps one container's changes in order while the CNI DEL of
 * different containers runs at once. The CNI calls of one container's endpoints are {@link ContainerEndpoints}'.
 */
final class EndpointManager {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointManager.class);

    private final NetworkStore store;
    private final ContainerNets nets;
    private final ContainerFiles files;
    private final BridgeDriver driver;
    private final PortPublisher ports;
    private final NetworkEvents events;
    private final Path netnsDir;
    /** Shared with the network catalog: a network is not removed while an endpoint joins it. */
    private final Object lock;
    private final ContainerResolvers resolvers;
    private final ContainerEndpoints cni;
    /** A container's changes run one at a time (a fixed set of locks: no entry to forget per container). */
    private final Object[] stripes = new Object[64]; // 2^6: see stripe()

    EndpointManager(ObjectMapper json, NetworkStore store, ContainerNets nets, ContainerFiles files, BridgeDriver driver,
            PortPublisher ports, NetworkEvents events, Path netnsDir, Path ipamDir, Object lock) {
        this.store = store;
        this.nets = nets;
        this.files = files;
        this.driver = driver;
        this.ports = ports;
        this.events = events;
        this.netnsDir = netnsDir;
        this.lock = lock;
        this.resolvers = new ContainerResolvers(store, nets, files, driver);
        this.cni = new ContainerEndpoints(json, store, driver, ports, events, ipamDir);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    private Object stripe(String containerId) {
        // Fibonacci hashing: the top bits of the product spread IDs whose hash codes share their low bits
        return stripes[(containerId.hashCode() * 0x9E3779B9) >>> 26];
    }

    /** The stripe of the container a client names (any stripe for one that does not exist: the call fails). */
    private Object stripeOf(String idOrName) {
        try {
            return stripe(nets.find(idOrName).id);
        } catch (NotFoundException e) {
            return stripe(idOrName);
        }
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
                ContainerNet.Endpoint ep = n.pid == 0 ? null : cni.publishingEndpoint(n);
                if (ep != null) {
                    ports.resume(n, ep.ipAddress, ep.ipv6Address);
                }
            }
        }
    }

    /** Stops serving DNS (running containers keep their endpoints; the next daemon serves them again). */
    void closeResolvers() {
        resolvers.close();
    }

    /**
     * Endpoints of tasks that ended while no daemon watched (crash, reboot), and of starts it left
     * before their task started (a namespace made, no pid yet): deleted now.
     */
    void releaseStale() {
        for (ContainerNet n : List.copyOf(nets.all())) {
            boolean stale = n.pid > 0 ? !driver.namespaceAlive(n.pid, n.netns)
                    : !n.netns.isEmpty() || !n.endpoints.isEmpty();
            if (stale) {
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
                n.ownNamespace = netnsDir.resolve(containerId).toString();
                sandbox = new Sandbox(Mode.NEW, n.ownNamespace, files.mounts(containerId), "");
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
                n.ownNamespace = netnsDir.resolve(containerId).toString();
                sandbox = new Sandbox(Mode.NEW, n.ownNamespace, files.mounts(containerId), "");
            }
            nets.save(n);
        }
        return sandbox;
    }

    /** @return whether the container's own namespace is made and pinned now (see {@link #attachPrepared}) */
    boolean prepare(String containerId) {
        ContainerNet n = nets.get(containerId);
        if (n == null) {
            return false;
        }
        if (!n.joins.isEmpty()) {
            ContainerNet other = nets.get(n.joins);
            if (other == null || other.pid == 0 || !driver.namespaceAlive(other.pid, other.netns)) {
                throw new ConflictException("cannot join network of a non running container: " + n.joins);
            }
            return false;
        }
        synchronized (stripe(containerId)) {
            resolveNetworks(n);
            files.writeAll(n);
            if (n.ownNamespace.isEmpty()) {
                return false;
            }
            Path ns = Path.of(n.ownNamespace);
            synchronized (lock) {
                if (Files.exists(ns)) {
                    driver.unpinNamespace(ns); // a pin a start or stop left unfinished (a daemon killed meanwhile)
                }
                n.netns = n.ownNamespace; // first: from here on detach, or the next daemon, removes the pin
                nets.save(n);
            }
            try {
                driver.makeNamespace(ns);
            } catch (IOException e) {
                throw new NetworkSetupException("failed to set up container networking: " + e.getMessage());
            }
            return true;
        }
    }

    /** Networks named when the container was created are looked up now (by ID from then on). */
    private void resolveNetworks(ContainerNet n) {
        synchronized (lock) {
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
    }

    /**
     * CNI ADD of the container's networks on the namespace {@link #prepare} made, while its task is
     * being created. A failure deletes the endpoints made; the pin stays for {@link #detach}, as the
     * task's create may be joining it.
     */
    void attachPrepared(String containerId) {
        synchronized (stripe(containerId)) {
            synchronized (lock) {
                ContainerNet n = nets.get(containerId);
                if (n == null || n.netns.isEmpty()) {
                    return;
                }
                try {
                    cni.addMissingEndpoints(n);
                    nets.save(n);
                    LOG.debug("container {}: networks connected before its task", containerId);
                } catch (CniPlugins.CniException | RuntimeException e) {
                    List<String> ids = new ArrayList<>(n.endpoints.keySet());
                    if (cni.deleteEndpoints(n)) {
                        driver.removeUnusedSharedChains();
                    }
                    nets.save(n);
                    resolvers.changed(n, ids);
                    throw setupFailure(e);
                }
            }
        }
    }

    /** The task has its pid: networks not connected yet are (all of them when the task made its namespace). */
    void attach(String containerId, int pid) {
        synchronized (stripe(containerId)) {
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
                try {
                    if (n.netns.isEmpty()) { // a container of an earlier daemon: its task made the namespace
                        Path ns = netnsDir.resolve(containerId);
                        driver.pinNamespace(pid, ns);
                        n.netns = ns.toString();
                        driver.addLoopback(containerId, n.netns);
                    }
                    cni.addMissingEndpoints(n);
                    nets.save(n);
                    resolvers.changed(n, n.endpoints.keySet());
                    LOG.info("container {}: network attached ({})", containerId, n.endpoints.values().stream()
                            .map(ep -> ep.ifname + " " + ep.ipAddress).toList());
                } catch (IOException | CniPlugins.CniException | RuntimeException e) {
                    detachLocked(n);
                    nets.save(n);
                    throw setupFailure(e);
                }
            }
        }
        files.rewriteAround(containerId);
    }

    private static EngineException setupFailure(Exception e) {
        return e instanceof EngineException ee ? ee
                : new NetworkSetupException("failed to set up container networking: " + e.getMessage());
    }

    /**
     * CNI DEL of the container's endpoints, ports and namespace pin released. When no endpoint's
     * plugins touch the chains containers share (portmap's), the DELs run outside the shared lock, so
     * the exits of different containers release their networks at once.
     */
    void detach(String containerId) {
        boolean had;
        synchronized (stripe(containerId)) {
            ContainerNet n;
            List<Map.Entry<String, ContainerNet.Endpoint>> apart = new ArrayList<>();
            synchronized (lock) {
                n = nets.get(containerId);
                if (n == null || (n.pid == 0 && n.endpoints.isEmpty() && n.netns.isEmpty())) {
                    return;
                }
                had = !n.endpoints.isEmpty();
                if (!had || n.endpoints.entrySet().stream().anyMatch(e -> cni.sharesChains(e.getKey(), e.getValue()))) {
                    detachLocked(n);
                    nets.save(n);
                } else {
                    n.endpoints.forEach((netId, ep) -> apart.add(Map.entry(netId, ep)));
                    Collections.reverse(apart);
                }
            }
            if (!apart.isEmpty()) {
                // the stripe keeps this container's connect, disconnect and start out meanwhile
                for (var e : apart) {
                    NetworkDef def = store.find(e.getKey());
                    if (def != null) {
                        cni.runDel(n, def, e.getValue());
                    }
                }
                synchronized (lock) {
                    for (var e : apart) {
                        NetworkDef def = store.find(e.getKey());
                        if (n.endpoints.remove(e.getKey(), e.getValue()) && def != null) {
                            events.publish(def, "disconnect", n.id);
                        }
                    }
                    List<String> ids = new ArrayList<>(apart.stream().map(Map.Entry::getKey).toList());
                    detachLocked(n);
                    resolvers.changed(n, ids);
                    nets.save(n);
                }
            }
        }
        if (had) {
            files.rewriteAround(containerId);
        }
    }

    /** CNI DEL of every endpoint (last first), ports and namespace pin released. Never throws. */
    private void detachLocked(ContainerNet n) {
        List<String> ids = new ArrayList<>(n.endpoints.keySet());
        boolean sharedChains = cni.deleteEndpoints(n);
        n.pid = 0;
        driver.unpinNamespace(netnsDir.resolve(n.id));
        if (!n.netns.isEmpty() && !n.netns.equals(netnsDir.resolve(n.id).toString())) {
            driver.unpinNamespace(Path.of(n.netns)); // made under an earlier exec root
        }
        n.netns = "";
        if (sharedChains) {
            driver.removeUnusedSharedChains();
        }
        resolvers.changed(n, ids);
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
        synchronized (stripeOf(container)) {
            connectInStripe(network, container, wanted);
        }
    }

    private void connectInStripe(String network, String container, EndpointRequest wanted) {
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
                    cni.addEndpoint(n, def, req, false);
                } catch (CniPlugins.CniException | RuntimeException e) {
                    cni.delEndpoint(n, def.id());
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
        synchronized (stripeOf(container)) {
            disconnectInStripe(network, container);
        }
    }

    private void disconnectInStripe(String network, String container) {
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
            if (cni.delEndpoint(n, def.id())) {
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
