package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.api.model.container.HostConfig;
import io.linnet.engine.api.container.MountPoint;
import io.linnet.api.model.container.DeviceMapping;
import io.linnet.api.model.container.Ulimit;
import io.linnet.engine.api.image.ImageConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The OCI runtime spec (1.0.2, as runc 1.1 reads it) dockerd would give a container: its image's
 * configuration merged with the container's, Docker's default mounts, capabilities, masked and
 * read-only paths, namespaces, and the HostConfig limits.
 */
final class SpecGenerator {

    static final ObjectMapper MAPPER = io.linnet.api.model.json.DockerJson.newMapper();
    static final String OCI_VERSION = "1.0.2-dev";

    private final SpecSettings settings;
    private final Function<String, HostDevices> devices;
    private final SeccompProfiles seccomp = SeccompProfiles.ofHost();

    SpecGenerator(SpecSettings settings) {
        this(settings, HostDevices::stat);
    }

    /** Where {@code --init} puts the init binary in the container, as dockerd does. */
    static final String INIT_PATH = "/sbin/docker-init";

    SpecGenerator(SpecSettings settings, Function<String, HostDevices> devices) {
        this.settings = settings;
        this.devices = devices;
    }

    /** @param files the container's /etc/passwd and /etc/group, for the user */
    ObjectNode generate(String id, ContainerSpec spec, ImageConfig image, RootfsFiles files) {
        return generate(id, spec, image, files, MountPlanner.bindsOnly(spec.hostConfig()));
    }

    /** @param mounts the container's binds, volumes and tmpfs mounts, resolved ({@link MountPlanner}) */
    ObjectNode generate(String id, ContainerSpec spec, ImageConfig image, RootfsFiles files, List<MountPoint> mounts) {
        HostConfig host = spec.hostConfig();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("ociVersion", OCI_VERSION);
        String hostname = hostname(id, spec);

        ObjectNode process = root.putObject("process");
        process.put("terminal", spec.tty());
        ExecUser user = UserLookup.resolve(ConfigMerge.user(spec, image), NilValues.list(host.groupAdd()), files);
        ObjectNode u = process.putObject("user");
        u.put("uid", user.uid());
        u.put("gid", user.gid());
        ArrayNode gids = u.putArray("additionalGids");
        user.additionalGids().forEach(gids::add);
        List<String> args = new ArrayList<>(ConfigMerge.args(spec, image));
        // as dockerd: a container that says nothing gets the daemon's init, and only in a PID namespace of its own
        boolean init = host.init() == null ? settings.defaultInit() && !isHost(host.pidMode())
                : host.init();
        if (init) {
            if (settings.init() == null) {
                throw new InvalidParameterException("--init needs a static init binary (" + SpecSettings.INIT_CANDIDATES
                        .get(0) + " from Debian's tini package, or the daemon's init-path) on the host");
            }
            args.addAll(0, List.of(INIT_PATH, "--")); // as dockerd: the init reaps zombies and forwards signals
        }
        strings(process.putArray("args"), args);
        strings(process.putArray("env"), ConfigMerge.processEnv(spec, image, hostname));
        process.put("cwd", ConfigMerge.workingDir(spec, image));
        List<String> caps = settings.capabilities().tweak(NilValues.list(host.capAdd()), NilValues.list(host.capDrop()), host.privileged());
        ObjectNode capabilities = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            strings(capabilities.putArray(set), caps);
        }
        rlimits(process.putArray("rlimits"), NilValues.list(host.resources().ulimits()));
        SecurityOptions security = SecurityOptions.parse(NilValues.list(host.securityOpt()));
        process.put("noNewPrivileges", security.noNewPrivileges());
        String appArmor = appArmorProfile(security, host.privileged());
        if (appArmor != null) {
            process.put("apparmorProfile", appArmor);
        }
        process.put("oomScoreAdj", 0);

        root.putObject("root").put("path", "rootfs").put("readonly", host.readonlyRootfs());
        if (!isHost(host.utsMode())) {
            root.put("hostname", hostname);
            if (!spec.domainname().isEmpty()) {
                root.put("domainname", spec.domainname());
            }
        }
        SpecMounts.apply(root, host, mounts);
        if (init) {
            ObjectNode initMount = ((ArrayNode) root.get("mounts")).addObject();
            initMount.put("destination", INIT_PATH).put("type", "bind").put("source", settings.init().toString());
            initMount.putArray("options").add("bind").add("ro");
        }

        ObjectNode linux = root.putObject("linux");
        ObjectNode resources = linux.putObject("resources");
        ArrayNode deviceRules = resources.putArray("devices");
        ArrayNode linuxDevices = linux.putArray("devices");
        if (host.privileged()) {
            SpecResources.rule(deviceRules, true, null, null, null);
        } else {
            SpecResources.defaultDeviceRules(deviceRules);
            devices(NilValues.list(host.resources().devices()), linuxDevices, deviceRules);
        }
        SpecResources.apply(resources, host.resources(), settings.swapLimit());
        // the container's own --cgroup-parent, else the daemon's (dockerd's order)
        String parent = host.resources().cgroupParent();
        linux.put("cgroupsPath", cgroupsPath(parent.isEmpty() ? settings.cgroupParent() : parent, id));
        namespaces(linux.putArray("namespaces"), host);
        List<String> masked = settings.systemPaths().masked(host);
        if (!masked.isEmpty()) {
            strings(linux.putArray("maskedPaths"), masked);
        }
        List<String> readonly = settings.systemPaths().readonly(host);
        if (!readonly.isEmpty()) {
            strings(linux.putArray("readonlyPaths"), readonly);
        }
        ObjectNode filter = seccomp.forContainer(NilValues.list(host.securityOpt()), host.privileged(), caps);
        if (filter != null) {
            linux.set("seccomp", filter);
        }
        ObjectNode sysctl = linux.putObject("sysctl");
        Map<String, String> sysctls = new TreeMap<>(NilValues.map(host.sysctls()));
        // moby: unprivileged low ports and ping in a container's own network namespace
        sysctls.putIfAbsent("net.ipv4.ip_unprivileged_port_start", "0");
        sysctls.putIfAbsent("net.ipv4.ping_group_range", "0 2147483647");
        sysctls.forEach(sysctl::put);
        return root;
    }

    /** dockerd's filepath.Join(parent, id) for the cgroupfs driver. */
    static String cgroupsPath(String parent, String id) {
        String joined = (parent.endsWith("/") ? parent : parent + "/") + id;
        return java.nio.file.Path.of(joined).normalize().toString();
    }

    static boolean isHost(String mode) {
        return "host".equals(mode);
    }

    static String hostname(String id, ContainerSpec spec) {
        return spec.hostname().isEmpty() ? id.substring(0, Math.min(12, id.length())) : spec.hostname();
    }

    private static void namespaces(ArrayNode out, HostConfig host) {
        out.addObject().put("type", "mount");
        out.addObject().put("type", "network"); // a new one per container until networking pins its own
        if (!isHost(host.utsMode())) {
            out.addObject().put("type", "uts");
        }
        if (!isHost(host.pidMode())) {
            out.addObject().put("type", "pid");
        }
        if (!isHost(host.ipcMode())) {
            out.addObject().put("type", "ipc");
        }
        // dockerd: a private cgroup namespace only when asked (the create default is the daemon's mode)
        String cgroupns = host.cgroupnsMode() == null ? "" : host.cgroupnsMode();
        if (!cgroupns.isEmpty() && !cgroupns.equals("host") && !cgroupns.equals("private")) {
            throw new InvalidParameterException("invalid cgroup namespace mode: " + cgroupns);
        }
        if (cgroupns.equals("private")) {
            out.addObject().put("type", "cgroup");
        }
        for (String mode : List.of(host.ipcMode(), host.pidMode(), host.utsMode())) {
            if (!mode.isEmpty() && !mode.equals("host") && !mode.equals("private") && !mode.equals("shareable")) {
                throw new InvalidParameterException("invalid namespace mode: " + mode);
            }
        }
    }

    private void rlimits(ArrayNode out, List<Ulimit> ulimits) {
        List<Ulimit> ordered = new ArrayList<>(ulimits);
        settings.defaultUlimits().stream()
                .filter(d -> ulimits.stream().noneMatch(u -> u.name().equalsIgnoreCase(d.name()))).forEach(ordered::add);
        for (Ulimit u : ordered) {
            if (u.soft() > u.hard()) {
                throw new InvalidParameterException("ulimit soft limit must be less than or equal to hard limit: "
                        + u.soft() + " > " + u.hard());
            }
            out.addObject().put("type", "RLIMIT_" + u.name().toUpperCase(Locale.ROOT))
                    .put("hard", u.hard()).put("soft", u.soft());
        }
    }

    /**
     * The AppArmor profile, where the host enforces AppArmor (elsewhere dockerd ignores {@code apparmor=} too): the
     * one the client names, "unconfined" for privileged containers. dockerd's own docker-default profile is not
     * loaded by Linnet, so other containers run without one.
     */
    private String appArmorProfile(SecurityOptions security, boolean privileged) {
        if (!settings.appArmor()) {
            return null;
        }
        if (security.appArmorProfile() != null && !security.appArmorProfile().isEmpty()) {
            return security.appArmorProfile();
        }
        return privileged ? "unconfined" : null;
    }

    private void devices(List<DeviceMapping> mappings, ArrayNode linuxDevices, ArrayNode rules) {
        for (DeviceMapping mapping : mappings) {
            HostDevices device = devices.apply(mapping.pathOnHost());
            String inContainer = mapping.pathInContainer() == null || mapping.pathInContainer().isEmpty()
                    ? mapping.pathOnHost() : mapping.pathInContainer();
            String access = mapping.cgroupPermissions() == null || mapping.cgroupPermissions().isEmpty()
                    ? "rwm" : mapping.cgroupPermissions();
            ObjectNode d = linuxDevices.addObject();
            d.put("path", inContainer);
            d.put("type", device.type());
            d.put("major", device.major());
            d.put("minor", device.minor());
            d.put("fileMode", device.fileMode());
            d.put("uid", device.uid());
            d.put("gid", device.gid());
            SpecResources.rule(rules, true, device.type(), device.major(), device.minor()).put("access", access);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
