package io.linnet.containerd.container;

import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.UnavailableException;
import io.linnet.api.model.container.HostConfig;
import io.linnet.engine.api.container.MountPoint;
import io.linnet.engine.api.volume.Volume;
import io.linnet.engine.api.volume.VolumeCreateRequest;
import io.linnet.engine.api.volume.VolumeService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Resolves a container's mounts at create time, in moby's order: VolumesFrom, then Binds, then
 * HostConfig.Mounts (a later one at the same destination replaces an earlier one; two of Binds and
 * Mounts at one place are an error), then an anonymous volume for every Config.Volumes and image
 * VOLUME path nothing else is mounted on. Volumes are created here, as dockerd creates them at
 * {@code docker create}.
 */
final class MountPlanner {

    private static final Set<String> PROPAGATIONS = Set.of("private", "rprivate", "shared", "rshared", "slave", "rslave");

    private final VolumeService volumes;
    private final Function<String, List<MountPoint>> mountsOfContainer;

    /**
     * @param volumes           null when no volume service runs (then only binds and tmpfs mounts work)
     * @param mountsOfContainer the mounts of another container by ID or name ({@code --volumes-from})
     */
    MountPlanner(VolumeService volumes, Function<String, List<MountPoint>> mountsOfContainer) {
        this.volumes = volumes;
        this.mountsOfContainer = mountsOfContainer;
    }

    /**
     * A planned mount; {@code copyUp}: a volume to fill with the image's content at its destination;
     * {@code inSpec}: what the runtime mounts, when that is not the mount itself (a volume with the
     * local driver's type/device/o options mounts its device, not its data directory).
     */
    record Planned(MountPoint mount, boolean copyUp, MountPoint inSpec) {

        Planned(MountPoint mount, boolean copyUp) {
            this(mount, copyUp, mount);
        }
    }

    /** Binds only, no volume service: what a spec without volumes needs. */
    static List<MountPoint> bindsOnly(HostConfig host) {
        Map<String, Planned> out = new LinkedHashMap<>();
        for (String bind : NilValues.list(host.binds())) {
            Parsed p = parseBind(bind);
            if (p.source.startsWith("/")) {
                out.put(p.destination, new Planned(bindPoint(p), false));
            }
        }
        return out.values().stream().map(Planned::mount).toList();
    }

    List<Planned> plan(HostConfig host, Collection<String> configVolumes, Collection<String> imageVolumes) {
        Map<String, Planned> byDestination = new LinkedHashMap<>();
        for (String from : NilValues.list(host.volumesFrom())) {
            String[] parts = from.split(":");
            if (parts.length > 2 || (parts.length == 2 && !parts[1].equals("ro") && !parts[1].equals("rw"))) {
                throw new InvalidParameterException("invalid mode for volumes-from: " + from);
            }
            for (MountPoint m : mountsOfContainer.apply(parts[0])) {
                boolean rw = parts.length == 2 ? parts[1].equals("rw") && m.rw() : m.rw();
                byDestination.put(m.destination(), new Planned(new MountPoint(m.type(), m.name(), m.source(),
                        m.destination(), m.driver(), m.mode(), rw, m.propagation(), false, m.options()), false));
            }
        }
        Map<String, String> userDestinations = new LinkedHashMap<>();
        for (String bind : NilValues.list(host.binds())) {
            Parsed p = parseBind(bind);
            claim(userDestinations, p.destination);
            byDestination.put(p.destination, fromBind(p));
        }
        for (MountRequest m : MountRequest.of(host.mounts())) {
            Planned planned = fromMount(m);
            claim(userDestinations, planned.mount().destination());
            byDestination.put(planned.mount().destination(), planned);
        }
        List<String> anonymous = new ArrayList<>(configVolumes);
        anonymous.addAll(imageVolumes);
        for (String path : anonymous) {
            String destination = clean(path);
            if (!byDestination.containsKey(destination) && !NilValues.map(host.tmpfs()).containsKey(destination)) {
                Volume v = createVolume(new VolumeCreateRequest(null, null, null, null));
                byDestination.put(destination, new Planned(new MountPoint(MountPoint.VOLUME, v.name(), v.mountpoint(),
                        destination, v.driver(), "", true, "", true, ""), true));
            }
        }
        return List.copyOf(byDestination.values());
    }

    /**
     * A volume created with the local driver's {@code type}, {@code device} and {@code o} options
     * mounts that device (tmpfs, a bind of a host directory, nfs...) in place of its data directory.
     * Unlike dockerd, which mounts it once on the host for all its users, each container mounts its
     * own: a tmpfs volume is not shared between containers running at once.
     */
    private static Planned withDevice(Volume v, MountPoint mount, boolean copyUp) {
        Map<String, String> opts = v.options();
        if (opts == null || (opts.getOrDefault("type", "").isEmpty() && opts.getOrDefault("device", "").isEmpty())) {
            return new Planned(mount, copyUp);
        }
        String type = opts.getOrDefault("type", "");
        String device = opts.getOrDefault("device", "");
        List<String> options = new ArrayList<>(List.of(opts.getOrDefault("o", "").split(",")));
        options.removeIf(String::isEmpty);
        boolean bind = options.contains("bind") || options.contains("rbind");
        if (!mount.rw()) {
            options.add("ro");
        }
        MountPoint mounted = bind
                ? new MountPoint(MountPoint.BIND, "", device, mount.destination(), "", "", mount.rw(), "rprivate", false, "")
                : new MountPoint(type.isEmpty() || type.equals("none") ? MountPoint.BIND : type, "", device,
                        mount.destination(), "", "", mount.rw(), "", false, String.join(",", options));
        return new Planned(mount, false, mounted);
    }

    private static void claim(Map<String, String> taken, String destination) {
        if (taken.put(destination, destination) != null) {
            throw new InvalidParameterException("Duplicate mount point: " + destination);
        }
    }

    // ---------------------------------------------------------------- Binds ("-v")

    private record Parsed(String raw, String source, String destination, String mode, boolean readOnly,
            String propagation, boolean noCopy) {
    }

    /** moby's Linux parser: {@code dst}, {@code src:dst} or {@code src:dst:mode}. */
    private static Parsed parseBind(String raw) {
        String[] parts = raw.split(":", -1);
        String source;
        String destination;
        String mode = "";
        switch (parts.length) {
            case 1 -> { source = ""; destination = parts[0]; }
            case 2 -> { source = parts[0]; destination = parts[1]; }
            case 3 -> { source = parts[0]; destination = parts[1]; mode = parts[2]; }
            default -> throw new InvalidParameterException("invalid volume specification: '" + raw + "'");
        }
        if (destination.isEmpty() || (parts.length > 1 && source.isEmpty())) {
            throw new InvalidParameterException("invalid volume specification: '" + raw + "'");
        }
        String type = source.startsWith("/") ? MountPoint.BIND : MountPoint.VOLUME;
        if (!destination.startsWith("/")) {
            throw new InvalidParameterException("invalid volume specification: '" + raw + "': invalid mount config for type \""
                    + type + "\": invalid mount path: '" + destination + "' mount path must be absolute");
        }
        if (clean(destination).equals("/")) {
            throw new InvalidParameterException("invalid specification: destination can't be '/'");
        }
        boolean readOnly = false;
        boolean noCopy = false;
        String propagation = "";
        if (!mode.isEmpty()) {
            for (String option : mode.split(",")) {
                switch (option) {
                    case "ro" -> readOnly = true;
                    case "rw", "z", "Z" -> { }
                    case "nocopy" -> noCopy = true;
                    default -> {
                        if (PROPAGATIONS.contains(option) && type.equals(MountPoint.BIND)) {
                            propagation = option;
                        } else {
                            throw new InvalidParameterException("invalid mode: " + mode);
                        }
                    }
                }
            }
        }
        return new Parsed(raw, source, clean(destination), mode, readOnly, propagation, noCopy);
    }

    private Planned fromBind(Parsed p) {
        if (p.source.isEmpty()) {
            Volume v = createVolume(new VolumeCreateRequest(null, null, null, null));
            return new Planned(new MountPoint(MountPoint.VOLUME, v.name(), v.mountpoint(), p.destination, v.driver(),
                    p.mode, !p.readOnly, "", true, ""), !p.noCopy);
        }
        if (p.source.startsWith("/")) {
            // as dockerd: a missing host directory of a -v bind is created; an existing file is bound as it is
            if (!Files.exists(Path.of(p.source))) {
                createDirectories(Path.of(p.source));
            }
            return new Planned(bindPoint(p), false);
        }
        Volume v = createNamed(p.source, null, null);
        return withDevice(v, new MountPoint(MountPoint.VOLUME, v.name(), v.mountpoint(), p.destination, v.driver(),
                p.mode.isEmpty() ? "z" : p.mode, !p.readOnly, "", false, ""), !p.noCopy);
    }

    private static MountPoint bindPoint(Parsed p) {
        return new MountPoint(MountPoint.BIND, "", clean(p.source), p.destination, "", p.mode, !p.readOnly,
                p.propagation.isEmpty() ? "rprivate" : p.propagation, false, "");
    }

    // ---------------------------------------------------------------- Mounts ("--mount")

    private Planned fromMount(MountRequest m) {
        String problem = "invalid mount config for type \"" + m.type() + "\": ";
        if (m.target().isEmpty()) {
            throw new InvalidParameterException(problem + "field Target must not be empty");
        }
        if (!m.target().startsWith("/")) {
            throw new InvalidParameterException(problem + "invalid mount path: '" + m.target() + "' mount path must be absolute");
        }
        String destination = clean(m.target());
        switch (m.type()) {
            case MountPoint.BIND -> {
                if (m.source().isEmpty()) {
                    throw new InvalidParameterException(problem + "field Source must not be empty");
                }
                if (!m.source().startsWith("/")) {
                    throw new InvalidParameterException(problem + "invalid mount path: '" + m.source()
                            + "' mount path must be absolute");
                }
                if (!m.propagation().isEmpty() && !PROPAGATIONS.contains(m.propagation())) {
                    throw new InvalidParameterException(problem + "invalid propagation mode: " + m.propagation());
                }
                Path source = Path.of(clean(m.source()));
                if (!Files.exists(source)) {
                    if (!m.createMountpoint()) {
                        throw new InvalidParameterException(problem + "bind source path does not exist: " + source);
                    }
                    createDirectories(source);
                }
                return new Planned(new MountPoint(MountPoint.BIND, "", source.toString(), destination, "", "",
                        !m.readOnly(), m.propagation().isEmpty() ? "rprivate" : m.propagation(), false, ""), false);
            }
            case MountPoint.VOLUME -> {
                if (!m.propagation().isEmpty()) {
                    throw new InvalidParameterException(problem + "field BindOptions must not be specified");
                }
                Volume v;
                boolean anonymous = m.source().isEmpty();
                Map<String, String> labels = m.volumeLabels().isEmpty() ? null : m.volumeLabels();
                Map<String, String> options = m.driverOptions().isEmpty() ? null : m.driverOptions();
                if (anonymous) {
                    v = createVolume(new VolumeCreateRequest(null, emptyToNull(m.volumeDriver()), options, labels));
                } else {
                    v = createNamed(m.source(), labels, options);
                }
                return withDevice(v, new MountPoint(MountPoint.VOLUME, v.name(), v.mountpoint(), destination, v.driver(),
                        "z", !m.readOnly(), "", anonymous, ""), !m.noCopy());
            }
            case MountPoint.TMPFS -> {
                if (!m.source().isEmpty()) {
                    throw new InvalidParameterException(problem + "field Source must not be specified");
                }
                List<String> options = new ArrayList<>();
                if (m.tmpfsSizeBytes() > 0) {
                    options.add("size=" + m.tmpfsSizeBytes());
                }
                if (m.tmpfsMode() != 0) {
                    options.add("mode=" + Integer.toOctalString(m.tmpfsMode()));
                }
                return new Planned(new MountPoint(MountPoint.TMPFS, "", "", destination, "", "", !m.readOnly(), "",
                        false, String.join(",", options)), false);
            }
            default -> throw new InvalidParameterException("mount type unknown: \"" + m.type() + "\"");
        }
    }

    // ---------------------------------------------------------------- volumes

    /** The volume service words its refusals as dockerd ("create x: ..."). */
    private Volume createNamed(String name, Map<String, String> labels, Map<String, String> options) {
        return createVolume(new VolumeCreateRequest(name, null, options, labels));
    }

    private Volume createVolume(VolumeCreateRequest request) {
        if (volumes == null) {
            throw new UnavailableException("volumes are not available: no volume service is running");
        }
        return volumes.create(request);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static void createDirectories(Path path) {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the bind source " + path + ": " + e.getMessage(), e);
        }
    }

    static String clean(String path) {
        String p = path.replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
