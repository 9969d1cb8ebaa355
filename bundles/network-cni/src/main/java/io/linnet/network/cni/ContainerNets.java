package io.linnet.network.cni;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.engine.api.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The containers networking knows, one {@link ContainerNet} each, kept as JSON under
 * {@code <dataRoot>/networks/containers}. Saving a container also indexes it by name and by the
 * networks it names, so a lookup by name, and finding a network's containers (inspect, hosts files,
 * removal), cost what the answer does, not the number of containers.
 */
final class ContainerNets {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerNets.class);

    private final Path dir;
    private final ObjectMapper json;
    private final Map<String, ContainerNet> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByName = new ConcurrentHashMap<>();
    /**
     * Network ID or name → IDs of containers that may be on it: every key of their requests and
     * endpoints, and their network mode. A superset of the truth; callers test the container itself.
     */
    private final Map<String, Set<String>> byNetwork = new ConcurrentHashMap<>();
    /** Container ID → the keys it is indexed under, to drop stale ones on the next save. */
    private final Map<String, Set<String>> keysOf = new ConcurrentHashMap<>();

    /** Reads the state files of earlier runs. */
    ContainerNets(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                put(json.readValue(f.toFile(), ContainerNet.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the network state under " + dir, e);
        }
    }

    ContainerNet get(String containerId) {
        return byId.get(containerId);
    }

    Collection<ContainerNet> all() {
        return byId.values();
    }

    /** By full ID, then name, then unique ID prefix (dockerd's order). */
    ContainerNet find(String idOrName) {
        ContainerNet n = byId.get(idOrName);
        if (n != null) {
            return n;
        }
        String name = idOrName.startsWith("/") ? idOrName : "/" + idOrName;
        String id = idByName.get(name);
        if (id != null && byId.containsKey(id)) {
            return byId.get(id);
        }
        // a prefix has no index: rare (clients send names or full IDs), and one pass over the IDs only
        List<ContainerNet> prefixed = byId.values().stream().filter(m -> m.id.startsWith(idOrName)).toList();
        if (prefixed.size() == 1 && !idOrName.isEmpty()) {
            return prefixed.get(0);
        }
        throw new NotFoundException("No such container: " + idOrName);
    }

    /**
     * Containers that may be on the network (ID or name), or that link to a container
     * ({@link LegacyLinkHosts#INDEX_PREFIX} and its ID): test each for what is asked.
     */
    List<ContainerNet> onNetwork(String networkIdOrName) {
        List<ContainerNet> out = new ArrayList<>();
        for (String id : byNetwork.getOrDefault(networkIdOrName, Set.of())) {
            ContainerNet n = byId.get(id);
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** Persists the container's state (atomically) and indexes it as it is now. */
    void save(ContainerNet n) {
        put(n);
        try {
            Path tmp = dir.resolve(n.id + ".json.tmp");
            json.writeValue(tmp.toFile(), n);
            Files.move(tmp, dir.resolve(n.id + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("container {}: could not save its network state: {}", n.id, e.toString());
        }
    }

    /** Saves the container under its new name; the old one no longer finds it. */
    void rename(ContainerNet n, String name) {
        idByName.remove(n.name, n.id);
        n.name = name;
        save(n);
    }

    /** Forgets the container and deletes its state file. */
    void remove(String containerId) {
        ContainerNet n = byId.remove(containerId);
        if (n != null) {
            idByName.remove(n.name, containerId);
        }
        unindex(containerId);
        try {
            Files.deleteIfExists(dir.resolve(containerId + ".json"));
        } catch (IOException e) {
            LOG.warn("container {}: could not delete its network state: {}", containerId, e.toString());
        }
    }

    private void put(ContainerNet n) {
        byId.put(n.id, n);
        idByName.put(n.name, n.id);
        Set<String> keys = new LinkedHashSet<>(List.copyOf(n.networks.keySet()));
        keys.addAll(List.copyOf(n.endpoints.keySet()));
        keys.add(n.networkMode);
        n.legacyLinks.values().forEach(child -> keys.add(LegacyLinkHosts.INDEX_PREFIX + child));
        Set<String> before = keysOf.put(n.id, keys);
        if (before != null) {
            before.stream().filter(k -> !keys.contains(k)).forEach(k -> unindex(k, n.id));
        }
        for (String k : keys) {
            byNetwork.compute(k, (x, ids) -> {
                Set<String> set = ids == null ? ConcurrentHashMap.newKeySet() : ids;
                set.add(n.id);
                return set;
            });
        }
    }

    private void unindex(String containerId) {
        Set<String> keys = keysOf.remove(containerId);
        if (keys != null) {
            keys.forEach(k -> unindex(k, containerId));
        }
    }

    private void unindex(String key, String containerId) {
        byNetwork.computeIfPresent(key, (k, ids) -> {
            ids.remove(containerId);
            return ids.isEmpty() ? null : ids;
        });
    }
}
