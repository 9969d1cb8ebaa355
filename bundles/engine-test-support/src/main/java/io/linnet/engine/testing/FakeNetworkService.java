package io.linnet.engine.testing;

import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.ForbiddenException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.network.Network;
import io.linnet.engine.api.network.NetworkService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The predefined bridge, host and none networks plus user networks, with the real service's
 * lookups (ID, name, unique ID prefix) and error texts. Connecting records the container under
 * its given name; no address is allocated beyond a fixed one.
 */
public final class FakeNetworkService implements NetworkService {
    private final Map<String, Network> networks = new LinkedHashMap<>();
    private final Ids ids = new Ids("network");

    public FakeNetworkService() {
        reset();
    }

    /** Back to the predefined networks only. */
    public synchronized void reset() {
        networks.clear();
        for (String[] predefined : new String[][] {{"bridge", "bridge"}, {"host", "host"}, {"none", "null"}}) {
            add(new Network(ids.next(), predefined[0], Instant.parse("2024-01-01T00:00:00Z"), "local", predefined[1],
                    false, predefined[0].equals("bridge") ? List.of(new Network.IpamConfig("172.31.0.0/16", "",
                    "172.31.0.1")) : List.of(), false, false, false, Map.of(), Map.of(), Map.of()));
        }
    }

    @Override
    public synchronized Network create(NetworkCreate request) {
        String name = request.name() == null ? "" : request.name();
        if (name.isBlank()) {
            throw new InvalidParameterException("invalid name: " + name);
        }
        if (name.equals("bridge") || name.equals("host") || name.equals("none")) {
            throw new ForbiddenException("operation is not permitted on predefined " + name + " network ");
        }
        if (!request.driver().equals("bridge")) {
            throw new NotFoundException("plugin \"" + request.driver() + "\" not found");
        }
        if (networks.values().stream().anyMatch(n -> n.name().equals(name))) {
            throw new ConflictException("network with name " + name + " already exists");
        }
        return add(new Network(ids.next(), name, Instant.parse("2024-01-02T03:04:05Z"), "local", request.driver(),
                request.enableIpv6(), request.ipam(), request.internal(), request.attachable(), false,
                request.options(), request.labels(), Map.of()));
    }

    private Network add(Network n) {
        networks.put(n.id(), n);
        return n;
    }

    @Override
    public synchronized Network get(String idOrName) {
        if (idOrName != null && !idOrName.isEmpty()) {
            if (networks.containsKey(idOrName)) {
                return networks.get(idOrName);
            }
            for (Network n : networks.values()) {
                if (n.name().equals(idOrName)) {
                    return n;
                }
            }
            List<Network> prefixed = networks.values().stream().filter(n -> n.id().startsWith(idOrName)).toList();
            if (prefixed.size() == 1) {
                return prefixed.get(0);
            }
        }
        throw new NotFoundException("network " + idOrName + " not found");
    }

    @Override
    public synchronized List<Network> list() {
        return List.copyOf(networks.values());
    }

    @Override
    public synchronized void remove(String idOrName) {
        Network n = get(idOrName);
        if (n.predefined()) {
            throw new ForbiddenException(n.name() + " is a pre-defined network and cannot be removed");
        }
        if (!n.containers().isEmpty()) {
            throw new ForbiddenException("error while removing network: network " + n.name() + " id " + n.id()
                    + " has active endpoints");
        }
        networks.remove(n.id());
    }

    @Override
    public synchronized void connect(String network, String container, List<String> aliases, String ipv4Address) {
        Network n = get(network);
        Map<String, Network.Attached> attached = new LinkedHashMap<>(n.containers());
        attached.put(container, new Network.Attached(container, "endpoint-" + container, "02:42:ac:1f:00:02",
                ipv4Address.isEmpty() ? "172.31.0.2/16" : ipv4Address + "/16", ""));
        put(n, attached);
    }

    @Override
    public synchronized void disconnect(String network, String container, boolean force) {
        Network n = get(network);
        if (!n.containers().containsKey(container) && !force) {
            throw new ForbiddenException("container " + container + " is not connected to network " + n.name());
        }
        Map<String, Network.Attached> attached = new LinkedHashMap<>(n.containers());
        attached.remove(container);
        put(n, attached);
    }

    @Override
    public synchronized List<String> prune(io.linnet.engine.api.PruneFilter filter) {
        List<String> removed = new ArrayList<>();
        for (Network n : List.copyOf(networks.values())) {
            if (!n.predefined() && n.containers().isEmpty() && filter.accepts(n.created(), n.labels())) {
                networks.remove(n.id());
                removed.add(n.name());
            }
        }
        return removed;
    }

    private void put(Network n, Map<String, Network.Attached> containers) {
        networks.put(n.id(), new Network(n.id(), n.name(), n.created(), n.scope(), n.driver(), n.enableIpv6(), n.ipam(),
                n.internal(), n.attachable(), n.ingress(), n.options(), n.labels(), containers));
    }
}
