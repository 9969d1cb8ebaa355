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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The containers networking knows, one {@link ContainerNet} each, kept as JSON under
 * {@code <dataRoot>/networks/containers}.
 */
final class ContainerNets {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerNets.class);

    private final Path dir;
    private final ObjectMapper json;
    private final Map<String, ContainerNet> byId = new ConcurrentHashMap<>();

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
        for (ContainerNet m : byId.values()) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        List<ContainerNet> prefixed = byId.values().stream().filter(m -> m.id.startsWith(idOrName)).toList();
        if (prefixed.size() == 1 && !idOrName.isEmpty()) {
            return prefixed.get(0);
        }
        throw new NotFoundException("No such container: " + idOrName);
    }

    /** Containers that may be on the network (ID or name): test each for what is asked. */
    List<ContainerNet> onNetwork(String networkIdOrName) {
        return List.copyOf(byId.values());
    }

    /** Persists the container's state (atomically). */
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

    /** Forgets the container and deletes its state file. */
    void remove(String containerId) {
        byId.remove(containerId);
        try {
            Files.deleteIfExists(dir.resolve(containerId + ".json"));
        } catch (IOException e) {
            LOG.warn("container {}: could not delete its network state: {}", containerId, e.toString());
        }
    }

    private void put(ContainerNet n) {
        byId.put(n.id, n);
    }
}
