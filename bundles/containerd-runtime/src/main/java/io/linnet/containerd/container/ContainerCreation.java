package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.containerd.image.RunnableImages;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.container.ContainerCreate;
import io.linnet.engine.api.container.ContainerSpec;
import io.linnet.engine.api.container.MountPoint;
import io.linnet.engine.api.image.ImageConfig;
import io.linnet.engine.api.network.ContainerNetworking;
import io.linnet.engine.api.volume.VolumeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    ContainerCreation(RunnableImages images, ContainerRunner runner, ContainerStore store, ContainerNames names,
                      ContainerEvents events, Supplier<VolumeService> volumes, Supplier<ContainerNetworking> networking,
                      Function<String, List<MountPoint>> mountsOf, AnonymousVolumes anonymousVolumes,
                      SystemPaths systemPaths) {
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
    }

    /** Creates the container; answers its ID. */
    String create(ContainerCreate request) {
        String name = request.name().isEmpty() ? "" : ContainerNames.checked(request.name());
        RunnableImages.Runnable image = images.resolve(request.image());
        String id = Ids.newId();
        name = claim(name, id);
        try {
            // refused before anything exists: unknown log drivers and options, bad restart policies
            LogSettings.parse(request.hostConfigJson());
            RestartPolicy.parse(request.hostConfigJson());
            String hostConfig = storedHostConfig(request.hostConfigJson());
            ContainerSpec spec = request.spec();
            List<String> args = ConfigMerge.args(spec, image.config());
            if (args.isEmpty()) {
                throw new InvalidParameterException("No command specified");
            }
            ContainerRecords.Meta meta = new ContainerRecords.Meta(args.get(0), args.subList(1, args.size()), spec.tty(),
                    spec.openStdin(), request.stdinOnce(), request.autoRemove(), request.stopTimeout(),
                    ConfigMerge.stopSignal(spec, image.config()));
            Instant created = Instant.now();
            Map<String, String> labels = new HashMap<>();
            labels.put(ContainerRecords.NAME, name);
            labels.put(ContainerRecords.CREATED, created.toString());
            labels.put(ContainerRecords.IMAGE, request.image());
            labels.put(ContainerRecords.IMAGE_ID, image.id());
            labels.put(ContainerRecords.STATE, ContainerRecords.Stored.created().json());
            Map<String, String> userLabels = new HashMap<>(image.config().labels() == null ? Map.of() : image.config().labels());
            userLabels.putAll(spec.labels());
            spec = spec.withLabels(userLabels);
            List<MountPlanner.Planned> mounts = new MountPlanner(volumes.get(), mountsOf::apply).plan(spec.hostConfig(),
                    spec.volumes(), image.config().volumes() == null ? List.of() : image.config().volumes());
            List<MountPoint> mountPoints = mounts.stream().map(MountPlanner.Planned::mount).toList();
            String config = mergedConfig(request, id, spec, image.config());
            var net = networking.get();
            var sandbox = net == null ? null : net.sandbox(id, name, config, hostConfig,
                    request.endpointsJson(), image.config().exposedPorts());
            boolean made = false;
            try {
                runner.create(id, request.image(), spec, labels, Map.of(
                        ContainerRecords.EXT_CONFIG, ContainerRecords.json("Config", config),
                        ContainerRecords.EXT_HOST_CONFIG, ContainerRecords.json("HostConfig", hostConfig),
                        ContainerRecords.EXT_META, ContainerRecords.json("Meta", meta.json()),
                        StoredMounts.EXT_MOUNTS, ContainerRecords.json("Mounts", StoredMounts.json(mountPoints))),
                        mounts,
                        generated -> {
                            if (sandbox != null) {
                                SpecNetwork.apply(generated, sandbox);
                            }
                        });
                made = true;
                store.refresh(id);
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

    /** Docker's HostConfig as dockerd stores it on create: the default MaskedPaths and ReadonlyPaths filled in. */
    private String storedHostConfig(String hostConfigJson) {
        try {
            ObjectNode hostConfig = (ObjectNode) ContainerRecords.MAPPER.readTree(hostConfigJson);
            systemPaths.fillCreateDefaults(hostConfig);
            return ContainerRecords.MAPPER.writeValueAsString(hostConfig);
        } catch (IOException | ClassCastException e) {
            throw new InvalidParameterException("invalid HostConfig: " + e.getMessage());
        }
    }

    /** Docker's Config as inspect shows it: the client's, with the image's defaults merged in. */
    private static String mergedConfig(ContainerCreate request, String id, ContainerSpec spec, ImageConfig image) {
        ObjectNode config;
        try {
            config = (ObjectNode) ContainerRecords.MAPPER.readTree(request.configJson());
        } catch (IOException | ClassCastException e) {
            throw new InvalidParameterException("invalid Config: " + e.getMessage());
        }
        if (config.path("Hostname").asText("").isEmpty()) {
            config.put("Hostname", id.substring(0, 12));
        }
        ArrayNode env = config.putArray("Env");
        ConfigMerge.configEnv(spec, image).forEach(env::add);
        boolean noCmd = spec.cmd() == null || spec.cmd().isEmpty();
        if (noCmd && spec.entrypoint() == null && image.cmd() != null && !image.cmd().isEmpty()) {
            ArrayNode cmd = config.putArray("Cmd");
            image.cmd().forEach(cmd::add);
        }
        if (spec.entrypoint() == null && image.entrypoint() != null && !image.entrypoint().isEmpty()) {
            ArrayNode ep = config.putArray("Entrypoint");
            image.entrypoint().forEach(ep::add);
        }
        if (spec.workingDir().isEmpty() && image.workingDir() != null) {
            config.put("WorkingDir", image.workingDir());
        }
        if (spec.user().isEmpty() && image.user() != null) {
            config.put("User", image.user());
        }
        if (image.volumes() != null && !image.volumes().isEmpty()) {
            ObjectNode volumes = config.has("Volumes") && config.get("Volumes").isObject()
                    ? (ObjectNode) config.get("Volumes") : config.putObject("Volumes");
            image.volumes().forEach(v -> volumes.putObject(v));
        }
        if (!spec.labels().isEmpty()) {
            ObjectNode labels = config.putObject("Labels");
            spec.labels().forEach(labels::put);
        }
        HealthcheckConfig.mergeImage(config, image.healthcheck());
        return config.toString();
    }
}
