package io.linnet.containerd.files;

import io.linnet.api.model.container.HostConfig;
import io.linnet.api.model.container.Mount;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a container's HostConfig mounts over its root file system: binds, volumes, read-only root. */
record ContainerMounts(boolean readOnlyRootfs, List<Bind> binds) {

    /** @param source the host directory or file; @param destination clean container path */
    record Bind(String source, String destination, boolean readOnly) {
    }

    static ContainerMounts of(HostConfig host, Path volumesRoot) {
        List<Bind> binds = new ArrayList<>();
        for (String b : host.binds() == null ? List.<String>of() : host.binds()) {
            String[] parts = b.split(":");
            if (parts.length < 2) {
                continue;
            }
            boolean ro = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
            binds.add(new Bind(source(parts[0], volumesRoot), ScopedPath.clean(parts[1]), ro));
        }
        for (Mount m : host.mounts() == null ? List.<Mount>of() : host.mounts()) {
            String type = m.type() == null || m.type().isEmpty() ? "volume" : m.type();
            if (!type.equals("bind") && !type.equals("volume")) {
                continue;
            }
            binds.add(new Bind(source(m.source() == null ? "" : m.source(), volumesRoot),
                    ScopedPath.clean(m.target() == null || m.target().isEmpty() ? "/" : m.target()), m.readOnly()));
        }
        binds.removeIf(b -> b.source() == null);
        return new ContainerMounts(host.readonlyRootfs(), List.copyOf(binds));
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
