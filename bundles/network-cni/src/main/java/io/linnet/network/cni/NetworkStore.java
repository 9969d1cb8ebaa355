package io.linnet.network.cni;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.engine.api.NotFoundException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Network definitions, one JSON file each under {@code <dataRoot>/networks/defs}; the files are the truth. */
final class NetworkStore {

    private final Path dir;
    private final ObjectMapper json;
    private final Map<String, NetworkDef> byId = new ConcurrentHashMap<>();

    NetworkStore(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                    NetworkDef def = json.readValue(f.toFile(), NetworkDef.class);
                    byId.put(def.id(), def);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the networks under " + dir, e);
        }
    }

    Collection<NetworkDef> all() {
        List<NetworkDef> out = new ArrayList<>(byId.values());
        out.sort(java.util.Comparator.comparing(NetworkDef::created));
        return out;
    }

    NetworkDef byName(String name) {
        return byId.values().stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
    }

    /** By full ID, then name, then unique ID prefix (dockerd's order). */
    NetworkDef find(String idOrName) {
        if (idOrName == null || idOrName.isEmpty()) {
            return null;
        }
        NetworkDef d = byId.get(idOrName);
        if (d != null) {
            return d;
        }
        d = byName(idOrName);
        if (d != null) {
            return d;
        }
        List<NetworkDef> prefixed = byId.values().stream().filter(n -> n.id().startsWith(idOrName)).toList();
        return prefixed.size() == 1 ? prefixed.get(0) : null;
    }

    /** As {@link #find}, for a network that must exist. */
    NetworkDef require(String idOrName) {
        NetworkDef def = find(idOrName);
        if (def == null) {
            throw new NotFoundException("network " + idOrName + " not found");
        }
        return def;
    }

    void save(NetworkDef def) {
        try {
            Path tmp = dir.resolve(def.id() + ".json.tmp");
            json.writeValue(tmp.toFile(), def);
            Files.move(tmp, dir.resolve(def.id() + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            byId.put(def.id(), def);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save network " + def.name(), e);
        }
    }

    void delete(NetworkDef def) {
        byId.remove(def.id());
        try {
            Files.deleteIfExists(dir.resolve(def.id() + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete network " + def.name(), e);
        }
    }

    static ObjectMapper mapper() {
        return io.linnet.api.model.json.DockerJson.newMapper();
    }
}
