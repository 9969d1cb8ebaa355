package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.api.model.container.HostConfig;
import io.linnet.engine.api.container.MountPoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The mounts of a container's spec: Docker's defaults (moby oci/defaults.go), /dev/shm, tmpfs, binds and volumes. */
final class SpecMounts {

    static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;

    private SpecMounts() {
    }

    /** @param planned the container's binds, volumes and tmpfs mounts ({@link MountPlanner}) */
    static void apply(ObjectNode spec, HostConfig host, List<MountPoint> planned) {
        Map<String, ObjectNode> byDestination = new LinkedHashMap<>();
        add(byDestination, "/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev"));
        add(byDestination, "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
        add(byDestination, "/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"));
        add(byDestination, "/sys", "sysfs", "sysfs",
                host.privileged() ? List.of("nosuid", "noexec", "nodev") : List.of("nosuid", "noexec", "nodev", "ro"));
        add(byDestination, "/sys/fs/cgroup", "cgroup", "cgroup",
                host.privileged() ? List.of("nosuid", "noexec", "nodev") : List.of("ro", "nosuid", "noexec", "nodev"));
        if (SpecGenerator.isHost(host.ipcMode())) {
            add(byDestination, "/dev/mqueue", "bind", "/dev/mqueue", List.of("rbind", "nosuid", "noexec", "nodev"));
            add(byDestination, "/dev/shm", "bind", "/dev/shm", List.of("rbind", "rprivate"));
        } else {
            add(byDestination, "/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"));
            long shm = host.shmSize() > 0 ? host.shmSize() : DEFAULT_SHM_SIZE;
            add(byDestination, "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + shm));
        }
        for (var tmpfs : NilValues.map(host.tmpfs()).entrySet()) {
            List<String> options = new ArrayList<>(List.of("noexec", "nosuid", "nodev"));
            if (!tmpfs.getValue().isBlank()) {
                options.addAll(List.of(tmpfs.getValue().split(",")));
            }
            add(byDestination, MountPlanner.clean(tmpfs.getKey()), "tmpfs", "tmpfs", options);
        }
        for (MountPoint m : planned) {
            if (!m.type().equals(MountPoint.TMPFS) && !m.type().equals(MountPoint.BIND)
                    && !m.type().equals(MountPoint.VOLUME)) {
                // a device the local volume driver's options name (type=nfs, ext4...): mounted as given
                List<String> options = m.options().isEmpty() ? List.of() : List.of(m.options().split(","));
                add(byDestination, m.destination(), m.type(), m.source(), options);
            } else if (m.type().equals(MountPoint.TMPFS)) {
                List<String> options = new ArrayList<>(List.of("nosuid", "nodev", "noexec"));
                if (!m.rw()) {
                    options.add("ro");
                }
                if (!m.options().isEmpty()) {
                    options.addAll(List.of(m.options().split(",")));
                }
                add(byDestination, m.destination(), "tmpfs", "tmpfs", options);
            } else {
                List<String> options = new ArrayList<>(List.of("rbind"));
                if (!m.rw()) {
                    options.add("ro");
                }
                options.add(m.propagation().isEmpty() ? "rprivate" : m.propagation());
                add(byDestination, m.destination(), "bind", m.source(), options);
            }
        }
        ArrayNode mounts = spec.putArray("mounts");
        // parents before children, as runc mounts them in order
        byDestination.values().stream()
                .sorted((a, b) -> Integer.compare(depth(a.path("destination").asText()), depth(b.path("destination").asText())))
                .forEach(mounts::add);
    }

    private static void add(Map<String, ObjectNode> mounts, String destination, String type, String source, List<String> options) {
        ObjectNode m = SpecGenerator.MAPPER.createObjectNode();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        ArrayNode opts = m.putArray("options");
        options.forEach(opts::add);
        mounts.remove(destination); // a user mount replaces a default at the same place
        mounts.put(destination, m);
    }

    private static int depth(String path) {
        return path.equals("/") ? 0 : (int) path.chars().filter(c -> c == '/').count();
    }
}
