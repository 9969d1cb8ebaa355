package io.linnet.containerd.container;

import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.container.HostConfig;
import io.linnet.containerd.image.RunnableImages;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.container.ContainerCreate;
import io.linnet.engine.api.container.MountPoint;
import io.linnet.engine.api.image.ImageConfig;
import io.linnet.engine.api.network.ContainerNetworking;
import io.linnet.engine.api.volume.VolumeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code docker create}: the name claimed, the image's config merged, mounts planned (volumes made
 * and filled), the network sandbox prepared, and the containerd container written with Docker's
 * metadata. What was made for a create that fails is undone.
 */
final class ContainerCreation {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerCreation.class);

    private final RunnableImages images;
    private final ContainerRunner runner;
    private final ContainerStore store;
    private final ContainerNames names;
    private final ContainerEvents events;
    private final Supplier<VolumeService> volumes;
    private final Supplier<ContainerNetworking> networking;
    private final Function<String, List<MountPoint>> mountsOf;
    private final AnonymousVolumes anonymousVolumes;
    private final SystemPaths systemPaths;
    /** As the last SIGHUP left the daemon's defaults. */
    private final java.util.function.Supplier<CreateDefaults> defaults;

    ContainerCreation(RunnableImages images, ContainerRunner runner, ContainerStore store, ContainerNames names,
                      ContainerEvents events, Supplier<VolumeService> volumes, Supplier<ContainerNetworking> networking,
                      Function<String, List<MountPoint>> mountsOf, AnonymousVolumes anonymousVolumes,
                      SystemPaths systemPaths, java.util.function.Supplier<CreateDefaults> defaults) {
        this.images = images;
        this.runner = runner;
        this.store = store;
        this.names = names;
        this.events = events;
        this.volumes = volumes;
        this.networking = networking;
        this.mountsOf = mountsOf;
        this.anonymousVolumes = anonymousVolumes;
        this.systemPaths = systemPaths;
        this.defaults = defaults;
    }

    /** Creates the container; answers its ID. */
    String create(ContainerCreate request) {
        String name = request.name().isEmpty() ? "" : ContainerNames.checked(request.name());
        RunnableImages.Runnable image = images.resolve(request.image());
        String id = Ids.newId();
        name = claim(name, id);
        try {
            HostConfig hostConfig = systemPaths.withCreateDefaults(defaults.get().apply(request.hostConfig()));
            // refused before anything exists: unknown log drivers and options, bad restart policies
            LogSettings.of(hostConfig.logConfig());
            RestartPolicy.of(hostConfig);
            runner.checkRuntime(hostConfig.runtime());
            NetworkModeChecks.check(request.config(), hostConfig);
            Map<String, String> links = LegacyLinks.resolve(hostConfig, store::find);
            ContainerSpec spec = ContainerSpec.of(request.config(), hostConfig);
            List<String> args = ConfigMerge.args(spec, image.config());
            if (args.isEmpty()) {
                throw new InvalidParameterException("No command specified");
            }
            ContainerRecords.Meta meta = new ContainerRecords.Meta(args.get(0), args.subList(1, args.size()), spec.tty(),
                    spec.openStdin(), request.config().stdinOnce(), hostConfig.autoRemove(),
                    request.config().stopTimeout(), ConfigMerge.stopSignal(spec, image.config()));
            Instant created = Instant.now();
            Map<String, String> labels = new HashMap<>();
            labels.put(ContainerRecords.NAME, name);
            labels.put(ContainerRecords.CREATED, created.toString());
            labels.put(ContainerRecords.IMAGE, request.image());
            labels.put(ContainerRecords.IMAGE_ID, image.id());
            labels.put(ContainerRecords.STATE, ContainerRecords.Stored.created().json());
            if (!links.isEmpty()) {
                labels.put(LegacyLinks.LABEL, LegacyLinks.label(links));
            }
            Map<String, String> userLabels = new HashMap<>(image.config().labels() == null ? Map.of() : image.config().labels());
            userLabels.putAll(spec.labels());
            spec = spec.withLabels(userLabels);
            List<MountPlanner.Planned> mounts = new MountPlanner(volumes.get(), mountsOf::apply).plan(spec.hostConfig(),
                    spec.volumes(), image.config().volumes() == null ? List.of() : image.config().volumes());
            List<MountPoint> mountPoints = mounts.stream().map(MountPlanner.Planned::mount).toList();
            ContainerConfig config = mergedConfig(request.config(), id, spec, image.config());
            var net = networking.get();
            var sandbox = net == null ? null : net.sandbox(id, name, config, hostConfig,
                    request.endpoints(), image.config().exposedPorts());
            boolean made = false;
            try {
                if (net != null && !links.isEmpty()) {
                    net.links(id, links);
                }
                ContainerSpec labelled = spec;
                store.create(id, () -> runner.create(id, request.image(), labelled, labels, Map.of(
                        ContainerRecords.EXT_CONFIG, ContainerRecords.jsonOf("Config", config),
                        ContainerRecords.EXT_HOST_CONFIG, ContainerRecords.jsonOf("HostConfig", hostConfig),
                        ContainerRecords.EXT_META, ContainerRecords.json("Meta", meta.json()),
                        StoredMounts.EXT_MOUNTS, ContainerRecords.json("Mounts", StoredMounts.json(mountPoints))),
                        mounts,
                        generated -> {
                            if (sandbox != null) {
                                SpecNetwork.apply(generated, sandbox);
                            }
                        }));
                made = true;
            } finally {
                if (!made) {
                    anonymousVolumes.remove(id, mountPoints);
                    if (net != null) {
                        net.forget(id);
                    }
                }
            }
            LOG.info("container {}: created as {} from {}", id, name, request.image());
            events.publish(id, "create");
        } finally {
            names.release(name, id); // the view holds it now, or the create failed
        }
        return id;
    }

    /**
     * Claims the name (or a generated one) for the new container: creates run side by side, only
     * the claim is one at a time.
     */
    private String claim(String name, String id) {
        synchronized (names.lock) {
            String claimed = name;
            if (claimed.isEmpty()) {
                claimed = NameGenerator.generate(n -> holder(n) != null);
            } else {
                String holder = holder(claimed);
                if (holder != null) {
                    throw ContainerNames.inUse(claimed, holder);
                }
            }
            names.claim(claimed, id);
            return claimed;
        }
    }

    /** The container holding or claiming a name, or null (the caller holds the names' lock). */
    private String holder(String name) {
        String holder = store.nameHolder(name);
        return holder != null ? holder : names.claimant(name);
    }

    /** Docker's Config as inspect shows it: the client's, with the image's defaults merged in. */
    private static ContainerConfig mergedConfig(ContainerConfig c, String id, ContainerSpec spec, ImageConfig image) {
        String hostname = c.hostname() == null || c.hostname().isEmpty() ? id.substring(0, 12) : c.hostname();
        boolean noCmd = spec.cmd() == null || spec.cmd().isEmpty();
        List<String> cmd = noCmd && spec.entrypoint() == null && image.cmd() != null && !image.cmd().isEmpty()
                ? image.cmd() : c.cmd();
        List<String> entrypoint = spec.entrypoint() == null && image.entrypoint() != null && !image.entrypoint().isEmpty()
                ? image.entrypoint() : c.entrypoint();
        String workingDir = spec.workingDir().isEmpty() && image.workingDir() != null ? image.workingDir() : c.workingDir();
        String user = spec.user().isEmpty() && image.user() != null ? image.user() : c.user();
        // moby's merge: no volumes or ports of the container's own → the image's (null when it has none)
        Map<String, Map<String, Object>> volumes = withImageKeys(c.volumes(), image.volumes());
        Map<String, Map<String, Object>> exposedPorts = withImageKeys(c.exposedPorts(), image.exposedPorts());
        // never null (moby's merge makes the map); Go writes a map's keys sorted
        Map<String, String> labels = new TreeMap<>(spec.labels());
        String stopSignal = c.stopSignal() == null || c.stopSignal().isEmpty() ? image.stopSignal() : c.stopSignal();
        return new ContainerConfig(hostname, c.domainname(), user, c.attachStdin(), c.attachStdout(), c.attachStderr(),
                exposedPorts, c.tty(), c.openStdin(), c.stdinOnce(), ConfigMerge.configEnv(spec, image), cmd,
                HealthcheckConfig.mergeImage(c.healthcheck(), image.healthcheck()), c.argsEscaped(), c.image(), volumes,
                workingDir, entrypoint, c.networkDisabled(), c.macAddress(), c.onBuild(), labels, stopSignal,
                c.stopTimeout(), c.shell());
    }

    /** The container's own keys (volumes, ports) with the image's added; null when neither has any. */
    private static Map<String, Map<String, Object>> withImageKeys(Map<String, Map<String, Object>> own,
            List<String> image) {
        if ((own == null || own.isEmpty()) && (image == null || image.isEmpty())) {
            return null;
        }
        Map<String, Map<String, Object>> out = own == null ? new LinkedHashMap<>() : new LinkedHashMap<>(own);
        for (String key : image == null ? List.<String>of() : image) {
            out.putIfAbsent(key, Map.of());
        }
        return out;
    }
}
