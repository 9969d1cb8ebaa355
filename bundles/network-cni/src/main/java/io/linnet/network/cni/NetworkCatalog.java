package io.linnet.network.cni;

import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.ForbiddenException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.network.Network;
import io.linnet.engine.api.network.NetworkService.NetworkCreate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Docker networks that exist: the predefined bridge, host and none, and user-defined bridge
 * networks; created, inspected, listed, removed and pruned here (connecting containers is the
 * {@link EndpointManager}'s). Error messages are dockerd's, word for word.
 */
final class NetworkCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkCatalog.class);
    static final String BRIDGE = "bridge";
    static final String HOST = "host";
    static final String NONE = "none";

    private final NetworkStore store;
    private final ContainerNets nets;
    private final InspectViews views;
    private final SubnetAllocator subnets;
    private final BridgeName bridgeNames;
    private final BridgeDriver driver;
    private final NetworkEvents events;
    /** Shared with the endpoint manager: a network is not removed while an endpoint joins it. */
    private final Object lock;

    NetworkCatalog(NetworkStore store, ContainerNets nets, InspectViews views, SubnetAllocator subnets,
            BridgeName bridgeNames, BridgeDriver driver, NetworkEvents events, Object lock) {
        this.store = store;
        this.nets = nets;
        this.views = views;
        this.subnets = subnets;
        this.bridgeNames = bridgeNames;
        this.driver = driver;
        this.events = events;
        this.lock = lock;
    }

    /** The default bridge as configured (bip, bridge, fixed-cidr...), and host and none, stored once. */
    void predefine(DefaultBridge config) {
        bridgeNames.check(config.bridge()); // the launcher refuses it first; a bad name never reaches CNI
        NetworkDef existing = store.byName(BRIDGE);
        NetworkDef wanted = config.define(existing, existing == null ? RandomIds.newId() : existing.id(),
                existing == null ? now() : existing.created(), () -> subnets.allocate(List.of()));
        if (!wanted.equals(existing)) {
            store.save(wanted);
        }
        if (store.byName(HOST) == null) {
            store.save(new NetworkDef(RandomIds.newId(), HOST, "host", now(), "", "", "", "", false, false, false, 0,
                    true, Map.of(), Map.of()));
        }
        if (store.byName(NONE) == null) {
            store.save(new NetworkDef(RandomIds.newId(), NONE, "null", now(), "", "", "", "", false, false, false, 0,
                    true, Map.of(), Map.of()));
        }
    }

    Network create(NetworkCreate request) {
        String name = request.name() == null ? "" : request.name();
        // dockerd takes any name but a blank one (it never reaches a path or an interface here either);
        // libnetwork's ErrInvalidName is an invalid-parameter error: 400 in Docker 24 (20.10 answered 500)
        if (name.isBlank()) {
            throw new InvalidParameterException("invalid name: " + name);
        }
        if (name.equals(BRIDGE) || name.equals(HOST) || name.equals(NONE)) {
            // dockerd's wording, trailing space included
            throw new ForbiddenException("operation is not permitted on predefined " + name + " network ");
        }
        if (!request.driver().equals("bridge")) {
            if (request.driver().equals("host") || request.driver().equals("null")) {
                throw new ForbiddenException("only one instance of \"" + request.driver() + "\" network is allowed");
            }
            throw new NotFoundException("plugin \"" + request.driver() + "\" not found");
        }
        synchronized (lock) {
            if (store.byName(name) != null) {
                throw new ConflictException("network with name " + name + " already exists");
            }
            String id = RandomIds.newId();
            List<String> subnetsInUse = new ArrayList<>();
            for (NetworkDef other : store.all()) {
                if (other.isBridge()) {
                    subnetsInUse.add(other.subnet());
                    subnetsInUse.add(other.subnet6());
                }
            }
            IpamPlan plan = IpamPlan.of(request.ipam(), request.enableIpv6(), subnetsInUse,
                    () -> subnets.allocate(subnetsInUse.stream().filter(s -> !s.isEmpty() && !s.contains(":")).toList()));
            Map<String, String> options = request.options();
            String bridge = bridgeFor(id, options);
            int mtu = 0;
            if (options.containsKey("com.docker.network.driver.mtu")) {
                try {
                    mtu = Integer.parseInt(options.get("com.docker.network.driver.mtu"));
                } catch (NumberFormatException e) {
                    throw new InvalidParameterException("invalid mtu: " + options.get("com.docker.network.driver.mtu"));
                }
            }
            boolean icc = !"false".equals(options.get("com.docker.network.bridge.enable_icc"));
            NetworkDef def = new NetworkDef(id, name, "bridge", now(), bridge, plan.subnet(), plan.gateway(),
                    plan.ipRange(), request.internal(), request.attachable(), request.enableIpv6(), mtu, icc, options,
                    request.labels(), plan.subnet6(), plan.gateway6(), plan.ipRange6(), plan.auxAddresses(),
                    request.ipamOptions(), plan.autoSubnet());
            driver.reserve(def);
            store.save(def);
            LOG.info("network {}: created as {} on {} {} ({})", id, name, plan.subnet(), plan.subnet6(), bridge);
            events.publish(def, "create", null);
            return views.network(def);
        }
    }

    /** The bridge the client named (checked, and used by no other network), else br-<short id>. */
    private String bridgeFor(String id, Map<String, String> options) {
        String bridge = options.getOrDefault("com.docker.network.bridge.name", "");
        if (bridge.isEmpty()) {
            bridge = "br-" + id.substring(0, 12);
        } else {
            bridgeNames.check(bridge);
        }
        for (NetworkDef other : store.all()) {
            if (bridge.equals(other.bridge())) {
                throw new ForbiddenException("bridge " + bridge + " is used by network " + other.name());
            }
        }
        return bridge;
    }

    Network get(String idOrName) {
        return views.network(store.require(idOrName));
    }

    List<Network> list() {
        return store.all().stream().map(views::network).toList();
    }

    void remove(String idOrName) {
        synchronized (lock) {
            NetworkDef def = store.require(idOrName);
            if (def.name().equals(BRIDGE) || def.name().equals(HOST) || def.name().equals(NONE)) {
                throw new ForbiddenException(def.name() + " is a pre-defined network and cannot be removed");
            }
            if (inUse(def)) {
                throw new ForbiddenException("error while removing network: network " + def.name() + " id " + def.id()
                        + " has active endpoints");
            }
            delete(def);
        }
    }

    private static boolean accepts(io.linnet.engine.api.PruneFilter filter, Network network) {
        return filter.accepts(network.created(), network.labels());
    }

    List<String> prune(io.linnet.engine.api.PruneFilter filter) {
        List<String> removed = new ArrayList<>();
        synchronized (lock) {
            for (NetworkDef def : store.all()) {
                if (!def.isBridge() || def.isDefaultBridge() || inUse(def) || !accepts(filter, views.network(def))) {
                    continue;
                }
                delete(def);
                removed.add(def.name());
            }
        }
        return removed;
    }

    /** A running or starting container (its namespace made, its task not yet) has an endpoint on it. */
    private boolean inUse(NetworkDef def) {
        return nets.onNetwork(def.id()).stream()
                .anyMatch(n -> (n.pid > 0 || !n.netns.isEmpty()) && n.endpoints.containsKey(def.id()));
    }

    /** Containers that asked for the network (stopped ones: a running one blocks removal) forget it. */
    private void delete(NetworkDef def) {
        store.delete(def);
        for (ContainerNet n : nets.onNetwork(def.id())) {
            if (n.networks.remove(def.id()) != null) {
                nets.save(n);
            }
        }
        driver.removeBridge(def);
        LOG.info("network {}: removed ({})", def.id(), def.name());
        events.publish(def, "destroy", null);
    }

    private static String now() {
        return Instant.now().toString();
    }
}
