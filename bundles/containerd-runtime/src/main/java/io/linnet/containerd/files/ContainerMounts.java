package io.linnet.containerd.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a container's HostConfig mounts over its root file system: binds, volumes, read-only root. */
record ContainerMounts(boolean readOnlyRootfs, List<Bind> binds) {

    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();

    /** @param source the host directory or file; @param destination clean container path */
    record Bind(String source, String destination, boolean readOnly) {
    }

    static ContainerMounts parse(String hostConfigJson, Path volumesRoot) {
        JsonNode host;
        try {
            host = JSON.readTree(hostConfigJson == null || hostConfigJson.isEmpty() ? "{}" : hostConfigJson);
        } catch (IOException e) {
            return new ContainerMounts(false, List.of());
        }
        List<Bind> binds = new ArrayList<>();
        for (JsonNode b : host.path("Binds")) {
            String[] parts = b.asText().split(":");
            if (parts.length < 2) {
                continue;
            }
            boolean ro = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
            binds.add(new Bind(source(parts[0], volumesRoot), ScopedPath.clean(parts[1]), ro));
        }
        for (JsonNode m : host.path("Mounts")) {
            String type = m.path("Type").asText("volume");
            if (!type.equals("bind") && !type.equals("volume")) {
                continue;
            }
            binds.add(new Bind(source(m.path("Source").asText(""), volumesRoot), ScopedPath.clean(m.path("Target").asText("/")),
                    m.path("ReadOnly").asBoolean()));
        }
        binds.removeIf(b -> b.source() == null);
        return new ContainerMounts(host.path("ReadonlyRootfs").asBoolean(), List.copyOf(binds));
    }

    /** A host path as is; a volume name as local volumes keep it (null when there is none). */
    private static String source(String source, Path volumesRoot) {
        if (source.startsWith("/")) {
            return source;
        }
        if (source.isEmpty() || volumesRoot == null) {
            return null;
        }
        Path data = volumesRoot.resolve(source).resolve("_data");
        return Files.isDirectory(data) ? data.toString() : null;
    }

    /** The bind whose destination holds {@code path} (the deepest), or null for the root file system. */
    Bind bindHolding(String path) {
        Bind best = null;
        for (Bind b : binds) {
            if (ScopedPath.within(b.destination(), path)
                    && (best == null || b.destination().length() > best.destination().length())) {
                best = b;
            }
        }
        return best;
    }
}
