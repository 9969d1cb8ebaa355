package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.FieldMask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.image.RunnableImages;
import io.linnet.containerd.proto.containers.ContainersGrpc;
import io.linnet.containerd.proto.containers.GetContainerRequest;
import io.linnet.containerd.proto.containers.ListContainersRequest;
import io.linnet.containerd.proto.containers.UpdateContainerRequest;
import io.linnet.containerd.proto.events.Envelope;
import io.linnet.containerd.proto.tasks.GetRequest;
import io.linnet.containerd.proto.tasks.ListTasksRequest;
import io.linnet.containerd.proto.tasks.TasksGrpc;
import io.linnet.containerd.proto.tasks.PauseTaskRequest;
import io.linnet.containerd.proto.tasks.ResizePtyRequest;
import io.linnet.containerd.proto.tasks.ResumeTaskRequest;
import io.linnet.containerd.proto.types.task.Process;
import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.NotModifiedException;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerCreate;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.container.ContainerSpec;
import io.linnet.engine.api.container.ContainerState;
import io.linnet.engine.api.container.MountPoint;
import io.linnet.engine.api.volume.VolumeService;
import io.linnet.engine.api.image.ImageConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Docker containers on containerd: one containerd container per Docker container (id = the
 * 64-hex Docker ID), its Docker metadata in labels and extensions ({@link ContainerRecords}), its
 * run state from containerd's task, exits recorded from containerd's task events.
 */
@Component(service = ContainerService.class)
public final class ContainerdContainerService implements ContainerService {

    static final Pattern NAME = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
    private static final Logger LOG = LoggerFactory.getLogger(ContainerdContainerService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContainerdConnection containerd;
    private final RunnableImages images;
    private final ContainerRunner runner;
    private final TaskEvents events;
    private final ExecutorService exits = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "container-exits");
        t.setDaemon(true);
        return t;
    });
    private final Object createLock = new Object();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, ContainerRunner.RunningTask> running = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Integer>> nextExit = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Integer>> removed = new ConcurrentHashMap<>();
    private final Map<String, List<Output>> attached = new ConcurrentHashMap<>();
    private final java.util.Set<String> removing = ConcurrentHashMap.newKeySet();
    private volatile VolumeService volumes;
    /** Containers a user stop or kill is ending: their restart policy does not bring them back. */
    private final java.util.Set<String> stopRequested = ConcurrentHashMap.newKeySet();
    private final Map<String, java.util.concurrent.ScheduledFuture<?>> pendingRestarts = new ConcurrentHashMap<>();
    private final Map<String, Duration> restartDelays = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService restarts =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "container-restarts");
                t.setDaemon(true);
                return t;
            });
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile io.linnet.engine.api.event.EventService eventService;
    private final ContainerEvents dockerEvents;
    /** Networking (network-cni): without it containers get an empty network namespace. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile io.linnet.engine.api.network.ContainerNetworking networking;

    private final SystemPaths systemPaths;

    @Activate
    public ContainerdContainerService(@Reference ContainerdConnection containerd) {
        this.containerd = containerd;
        this.images = new RunnableImages(containerd);
        this.events = new TaskEvents(containerd);
        this.dockerEvents = new ContainerEvents(containerd, () -> eventService);
        Path execRoot = containerd.settings().execRoot();
        Path dataRoot = containerd.settings().dataRoot();
        SpecSettings specSettings = SpecSettings.ofHost();
        this.systemPaths = specSettings.systemPaths();
        this.runner = new ContainerRunner(containerd, images, new SpecGenerator(specSettings), events,
                execRoot.resolve("containers"), dataRoot.resolve("containers"));
        events.addListener(this::onEvent);
        events.open(Duration.ofSeconds(15));
        exits.execute(this::reconcile);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindVolumes")
    void bindVolumes(VolumeService service) {
        volumes = service;
    }

    void unbindVolumes(VolumeService service) {
        if (volumes == service) {
            volumes = null;
        }
    }

    @Deactivate
    void deactivate() {
        restarts.shutdownNow(); // containers waiting to restart are restarted by the next daemon
        events.close();
        // the tasks run on: stop reading their output where it stands, the next daemon reads the rest
        for (ContainerRunner.RunningTask task : running.values()) {
            task.copiers().forEach(c -> c.detach(1000));
            try {
                task.log().close();
            } catch (IOException ignored) {
                // flushed at every write
            }
        }
        // Exits being recorded finish (they are short); the next daemon finds any later ones.
        exits.shutdown();
        try {
            if (!exits.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
                exits.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exits.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- create / look up

    @Override
    public Container create(ContainerCreate request) {
        String name = request.name();
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            throw new InvalidParameterException("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        RunnableImages.Runnable image = images.resolve(request.image());
        String id = newId();
        synchronized (createLock) {
            List<io.linnet.containerd.proto.containers.Container> all = containers();
            if (name.isEmpty()) {
                name = NameGenerator.generate(n -> all.stream().anyMatch(c -> n.equals(
                        c.getLabelsMap().get(ContainerRecords.NAME))));
            } else {
                name = name.startsWith("/") ? name : "/" + name;
                for (var c : all) {
                    if (name.equals(c.getLabelsMap().get(ContainerRecords.NAME))) {
                        throw new ConflictException("Conflict. The container name \"" + name
                                + "\" is already in use by container \"" + c.getId()
                                + "\". You have to remove (or rename) that container to be able to reuse that name.");
                    }
                }
            }
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
            List<MountPlanner.Planned> mounts = new MountPlanner(volumes, this::mountsOf).plan(spec.hostConfig(),
                    spec.volumes(), image.config().volumes() == null ? List.of() : image.config().volumes());
            List<MountPoint> mountPoints = mounts.stream().map(MountPlanner.Planned::mount).toList();
            String config = mergedConfig(request, id, spec, image.config());
            var net = networking;
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
            } finally {
                if (!made) {
                    removeAnonymousVolumes(id, mountPoints);
                    if (net != null) {
                        net.forget(id);
                    }
                }
            }
            LOG.info("container {}: created as {} from {}", id, name, request.image());
            dockerEvents.publish(id, "create");
        }
        return get(id);
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

    @Override
    public Container get(String idOrName) {
        var record = find(idOrName);
        Process task = task(record.getId()).orElse(null);
        return toContainer(record, task);
    }

    @Override
    public List<Container> list() {
        Map<String, Process> tasks = new HashMap<>();
        for (Process p : containerd.blocking(TasksGrpc::newBlockingStub).list(ListTasksRequest.getDefaultInstance())
                .getTasksList()) {
            tasks.put(taskId(p), p);
        }
        List<Container> out = new ArrayList<>();
        for (var c : containers()) {
            out.add(toContainer(c, tasks.get(c.getId())));
        }
        out.sort(Comparator.comparing(Container::created).reversed());
        return out;
    }

    private Container toContainer(io.linnet.containerd.proto.containers.Container c, Process task) {
        ContainerRecords.Stored stored = ContainerRecords.Stored.parse(c.getLabelsMap().get(ContainerRecords.STATE));
        ContainerRecords.Meta meta = meta(c);
        ContainerState state;
        boolean live = task != null && (task.getStatus() == io.linnet.containerd.proto.types.task.Status.RUNNING
                || task.getStatus() == io.linnet.containerd.proto.types.task.Status.PAUSED
                || task.getStatus() == io.linnet.containerd.proto.types.task.Status.PAUSING);
        if (live) {
            boolean paused = task.getStatus() != io.linnet.containerd.proto.types.task.Status.RUNNING;
            state = new ContainerState(paused ? "paused" : ContainerState.RUNNING, true, paused, task.getPid(), 0, false,
                    "", stored.startedAt() == null ? Instant.now() : stored.startedAt(), stored.finishedAt());
        } else {
            String status = removing.contains(c.getId()) ? ContainerState.REMOVING
                    : ContainerState.RUNNING.equals(stored.status()) ? ContainerState.EXITED : stored.status();
            state = new ContainerState(status, false, false, 0, stored.exitCode(), stored.oomKilled(), stored.error(),
                    stored.startedAt(), stored.finishedAt());
        }
        Map<String, String> labels = c.getLabelsMap();
        return new Container(c.getId(), labels.get(ContainerRecords.NAME), labels.get(ContainerRecords.IMAGE),
                labels.get(ContainerRecords.IMAGE_ID), Instant.parse(labels.get(ContainerRecords.CREATED)), meta.path(),
                meta.args(), ContainerRecords.userLabels(c),
                ContainerRecords.extension(c, ContainerRecords.EXT_CONFIG, "{}"),
                ContainerRecords.extension(c, ContainerRecords.EXT_HOST_CONFIG, "{}"), meta.tty(), meta.openStdin(),
                meta.autoRemove(), state, stored.restartCount(),
                stored.startedAt() == null || !logSettings(c).keeps() ? "" : runner.logPath(c.getId()).toString(),
                StoredMounts.of(c));
    }

    private static LogSettings logSettings(io.linnet.containerd.proto.containers.Container c) {
        return LogSettings.parse(ContainerRecords.extension(c, ContainerRecords.EXT_HOST_CONFIG, "{}"));
    }

    private static ContainerRecords.Meta meta(io.linnet.containerd.proto.containers.Container c) {
        return ContainerRecords.Meta.parse(ContainerRecords.extension(c, ContainerRecords.EXT_META, "{}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private List<io.linnet.containerd.proto.containers.Container> containers() {
        return containerd.blocking(ContainersGrpc::newBlockingStub).list(ListContainersRequest.getDefaultInstance())
                .getContainersList().stream().filter(ContainerRecords::ours).toList();
    }

    /** By full ID, name (with or without '/'), or unique ID prefix, as dockerd looks containers up. */
    private io.linnet.containerd.proto.containers.Container find(String idOrName) {
        if (idOrName == null || idOrName.isEmpty()) {
            throw new NotFoundException("No such container: " + idOrName);
        }
        List<io.linnet.containerd.proto.containers.Container> all = containers();
        for (var c : all) {
            if (c.getId().equals(idOrName)) {
                return c;
            }
        }
        String name = idOrName.startsWith("/") ? idOrName : "/" + idOrName;
        for (var c : all) {
            if (name.equals(c.getLabelsMap().get(ContainerRecords.NAME))) {
                return c;
            }
        }
        var matches = all.stream().filter(c -> c.getId().startsWith(idOrName)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        throw new NotFoundException("No such container: " + idOrName);
    }

    private Optional<Process> task(String id) {
        try {
            return Optional.of(containerd.blocking(TasksGrpc::newBlockingStub)
                    .get(GetRequest.newBuilder().setContainerId(id).build()).getProcess());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private boolean isRunning(String id) {
        return task(id).map(p -> p.getStatus() == io.linnet.containerd.proto.types.task.Status.RUNNING
                || p.getStatus() == io.linnet.containerd.proto.types.task.Status.PAUSED
                || p.getStatus() == io.linnet.containerd.proto.types.task.Status.CREATED).orElse(false);
    }

    private void saveState(String id, ContainerRecords.Stored state) {
        containerd.blocking(ContainersGrpc::newBlockingStub).update(UpdateContainerRequest.newBuilder()
                .setContainer(io.linnet.containerd.proto.containers.Container.newBuilder().setId(id)
                        .putLabels(ContainerRecords.STATE, state.json()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels." + ContainerRecords.STATE))
                .build());
    }

    private Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    // ---------------------------------------------------------------- start / stop / kill

    @Override
    public void start(String idOrName) {
        var record = find(idOrName);
        cancelRestart(record.getId());
        start(record, true);
    }

    /** @param byUser a user's start (restart count reset) rather than the restart policy's */
    private void start(io.linnet.containerd.proto.containers.Container record, boolean byUser) {
        String id = record.getId();
        synchronized (lock(id)) {
            if (removing.contains(id)) {
                throw new ConflictException("container is marked for removal and cannot be started");
            }
            if (isRunning(id)) {
                throw new NotModifiedException("Container already started");
            }
            if (task(id).isPresent()) {
                runner.deleteTask(id); // a stopped task left behind
            }
            ContainerRecords.Stored stored = ContainerRecords.Stored.parse(record.getLabelsMap().get(ContainerRecords.STATE));
            try {
                boolean openStdin = meta(record).openStdin();
                var net = networking;
                if (net != null) {
                    net.prepare(id);
                }
                ContainerRunner.RunningTask task = runner.start(id, logSettings(record),
                        (stream, data, time) -> publish(id, stream, data, time), openStdin, meta(record).tty(),
                        pid -> {
                            if (net != null) {
                                net.attach(id, pid);
                            }
                            dockerEvents.volumesMounted(id, StoredMounts.of(record)); // after connect, as dockerd
                        });
                running.put(id, task);
                if (openStdin) {
                    stdinOf(id).complete(new java.io.RandomAccessFile(task.fifos().stdin().toFile(), "rw"));
                }
                saveState(id, byUser ? stored.startedByUser(Instant.now()) : stored.started(Instant.now()));
                LOG.info("container {}: started, pid {}", id, task.pid());
                dockerEvents.publish(id, "start");
            } catch (IOException | RuntimeException e) {
                String message = e instanceof StatusRuntimeException s ? s.getStatus().getDescription() : e.getMessage();
                detachNetwork(id);
                try {
                    saveState(id, stored.failed(String.valueOf(message)));
                } catch (RuntimeException ignored) {
                    // the start error matters more
                }
                if (meta(record).autoRemove()) {
                    try {
                        doRemove(id); // as dockerd: a --rm container that cannot start is removed
                        removeAnonymousVolumes(id, StoredMounts.of(record));
                    } catch (RuntimeException removal) {
                        LOG.warn("container {}: removal after a failed start failed: {}", id, removal.toString());
                    }
                }
                if (e instanceof io.linnet.engine.api.EngineException ee) {
                    throw ee;
                }
                throw new IllegalStateException("failed to create task for container: " + message, e);
            }
        }
    }

    @Override
    public void stop(String idOrName, Integer timeoutSeconds) {
        var record = find(idOrName);
        String id = record.getId();
        if (cancelRestart(id)) {
            return; // it was waiting to restart: now it stays stopped
        }
        if (!isRunning(id)) {
            throw new NotModifiedException("Container already stopped");
        }
        ContainerRecords.Meta meta = meta(record);
        int timeout = timeoutSeconds != null ? timeoutSeconds : meta.stopTimeout() != null ? meta.stopTimeout() : 10;
        int signal = Signals.parse(meta.stopSignal().isEmpty() ? "SIGTERM" : meta.stopSignal());
        stopRequested.add(id);
        CompletableFuture<Integer> exit = nextExit.computeIfAbsent(id, k -> new CompletableFuture<>());
        signal(id, signal);
        try {
            if (timeout < 0) {
                exit.get();
                dockerEvents.publish(id, "stop");
                return;
            }
            exit.get(timeout, TimeUnit.SECONDS);
            dockerEvents.publish(id, "stop");
            return;
        } catch (TimeoutException e) {
            LOG.info("container {}: did not stop within {} s of signal {}, killing it", id, timeout, signal);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        signal(id, Signals.SIGKILL);
        try {
            exit.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("container " + id + " did not exit after SIGKILL", e);
        }
        dockerEvents.publish(id, "stop");
    }

    /** Sends a signal; a paused container is thawed after a stop or kill signal, so that it lands (as dockerd). */
    private void signal(String id, int number) {
        runner.kill(id, number);
        dockerEvents.publish(id, "kill", Map.of("signal", String.valueOf(number)));
        if ((number == Signals.SIGKILL || number == Signals.SIGTERM) && isPaused(id)) {
            resume(id);
        }
    }

    @Override
    public void kill(String idOrName, String signal) {
        var record = find(idOrName);
        String id = record.getId();
        int number = signal == null || signal.isEmpty() ? Signals.SIGKILL : Signals.parse(signal);
        if (!isRunning(id)) {
            throw new ConflictException("Cannot kill container: " + idOrName + ": Container " + id + " is not running");
        }
        String stopSignal = meta(record).stopSignal();
        if (number == Signals.SIGKILL || number == Signals.parse(stopSignal.isEmpty() ? "SIGTERM" : stopSignal)) {
            stopRequested.add(id); // as dockerd: the restart policy leaves a container killed so
        }
        CompletableFuture<Integer> exit = nextExit.computeIfAbsent(id, k -> new CompletableFuture<>());
        signal(id, number);
        if (number == Signals.SIGKILL) {
            try {
                exit.get(10, TimeUnit.SECONDS); // as dockerd: kill -9 returns once the container is gone
            } catch (Exception e) {
                LOG.warn("container {}: no exit within 10 s of SIGKILL", id);
            }
        }
    }

    @Override
    public Size size(String idOrName) {
        var record = find(idOrName);
        var snapshots = containerd.blocking(io.linnet.containerd.proto.snapshots.SnapshotsGrpc::newBlockingStub);
        String snapshotter = record.getSnapshotter().isEmpty() ? "overlayfs" : record.getSnapshotter();
        long rw = 0;
        long total = 0;
        String key = record.getSnapshotKey();
        try {
            // the container's own layer, then each parent down the chain (one image layer each)
            for (int depth = 0; !key.isEmpty() && depth < 256; depth++) {
                long used = snapshots.usage(io.linnet.containerd.proto.snapshots.UsageRequest.newBuilder()
                        .setSnapshotter(snapshotter).setKey(key).build()).getSize();
                if (depth == 0) {
                    rw = changedBytes(snapshots.mounts(io.linnet.containerd.proto.snapshots.MountsRequest.newBuilder()
                            .setSnapshotter(snapshotter).setKey(key).build()).getMountsList(), used);
                }
                total += used;
                key = snapshots.stat(io.linnet.containerd.proto.snapshots.StatSnapshotRequest.newBuilder()
                        .setSnapshotter(snapshotter).setKey(key).build()).getInfo().getParent();
            }
        } catch (StatusRuntimeException e) {
            LOG.debug("container {}: size incomplete: {}", record.getId(), e.getStatus());
        }
        return new Size(rw, total);
    }

    /**
     * As dockerd counts SizeRw: the bytes of the files the container changed (its overlay upper
     * directory), not the disk blocks they take; {@code fallback} when there is no upper directory.
     */
    private static long changedBytes(List<io.linnet.containerd.proto.types.Mount> mounts, long fallback) {
        for (var m : mounts) {
            for (String option : m.getOptionsList()) {
                if (option.startsWith("upperdir=")) {
                    try (var files = java.nio.file.Files.walk(Path.of(option.substring("upperdir=".length())))) {
                        return files.filter(f -> java.nio.file.Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                                .mapToLong(f -> f.toFile().length()).sum();
                    } catch (IOException | java.io.UncheckedIOException e) {
                        return fallback;
                    }
                }
            }
        }
        return fallback;
    }

    @Override
    public void update(String idOrName, io.linnet.engine.api.container.HostConfig host, String hostConfigJson) {
        var record = find(idOrName);
        String id = record.getId();
        try {
            RestartPolicy.parse(hostConfigJson);
        } catch (InvalidParameterException e) {
            if (e.getMessage().equals(RestartPolicy.AUTO_REMOVE_CONFLICT)) {
                throw new InvalidParameterException(
                        "Restart policy cannot be updated because AutoRemove is enabled for the container");
            }
            throw e;
        }
        synchronized (lock(id)) {
            ObjectNode spec;
            try {
                spec = (ObjectNode) ContainerRecords.MAPPER.readTree(record.getSpec().getValue().toByteArray());
            } catch (IOException e) {
                throw new IllegalStateException("container " + id + " has an unreadable spec", e);
            }
            ObjectNode linux = spec.with("linux");
            ObjectNode resources = linux.with("resources");
            var devices = resources.get("devices"); // device rules are not the update's business
            resources.removeAll();
            if (devices != null) {
                resources.set("devices", devices);
            }
            SpecResources.apply(resources, host, SpecSettings.ofHost().swapLimit());
            if (isRunning(id)) {
                ObjectNode live = resources.deepCopy();
                live.remove("devices");
                try {
                    containerd.blocking(TasksGrpc::newBlockingStub).update(io.linnet.containerd.proto.tasks.UpdateTaskRequest
                            .newBuilder().setContainerId(id).setResources(com.google.protobuf.Any.newBuilder()
                                    .setTypeUrl("types.containerd.io/opencontainers/runtime-spec/1/LinuxResources")
                                    .setValue(com.google.protobuf.ByteString.copyFromUtf8(live.toString())))
                            .build());
                } catch (StatusRuntimeException e) {
                    throw new InvalidParameterException("Cannot update container " + id + ": "
                            + e.getStatus().getDescription());
                }
            }
            containerd.blocking(ContainersGrpc::newBlockingStub).update(UpdateContainerRequest.newBuilder()
                    .setContainer(io.linnet.containerd.proto.containers.Container.newBuilder().setId(id)
                            .setSpec(com.google.protobuf.Any.newBuilder().setTypeUrl(ContainerRunner.SPEC_TYPE)
                                    .setValue(com.google.protobuf.ByteString.copyFromUtf8(spec.toString())))
                            .putExtensions(ContainerRecords.EXT_HOST_CONFIG,
                                    ContainerRecords.json("HostConfig", hostConfigJson)))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("spec")
                            .addPaths("extensions." + ContainerRecords.EXT_HOST_CONFIG))
                    .build());
        }
        LOG.info("container {}: updated", id);
        dockerEvents.publish(id, "update");
    }

    @Override
    public void restart(String idOrName, Integer timeoutSeconds) {
        String id = find(idOrName).getId();
        try {
            stop(id, timeoutSeconds);
        } catch (NotModifiedException notRunning) {
            // restart starts a stopped container as well
        }
        start(id);
        dockerEvents.publish(id, "restart");
    }

    @Override
    public void pause(String idOrName) {
        String id = find(idOrName).getId();
        synchronized (lock(id)) {
            var status = task(id).map(Process::getStatus).orElse(null);
            if (status == io.linnet.containerd.proto.types.task.Status.PAUSED) {
                throw new ConflictException("Container " + id + " is already paused");
            }
            if (status != io.linnet.containerd.proto.types.task.Status.RUNNING) {
                throw new ConflictException("Container " + id + " is not running");
            }
            containerd.blocking(TasksGrpc::newBlockingStub).pause(PauseTaskRequest.newBuilder().setContainerId(id).build());
            LOG.info("container {}: paused", id);
            dockerEvents.publish(id, "pause");
        }
    }

    @Override
    public void unpause(String idOrName) {
        String id = find(idOrName).getId();
        synchronized (lock(id)) {
            if (!isPaused(id)) {
                throw new ConflictException("Container " + id + " is not paused");
            }
            resume(id);
        }
    }

    private boolean isPaused(String id) {
        return task(id).map(p -> p.getStatus() == io.linnet.containerd.proto.types.task.Status.PAUSED).orElse(false);
    }

    private void resume(String id) {
        containerd.blocking(TasksGrpc::newBlockingStub).resume(ResumeTaskRequest.newBuilder().setContainerId(id).build());
        LOG.info("container {}: unpaused", id);
        dockerEvents.publish(id, "unpause");
    }

    @Override
    public void rename(String idOrName, String newName) {
        var record = find(idOrName);
        if (newName == null || newName.isEmpty()) {
            throw new InvalidParameterException("Neither old nor new names may be empty");
        }
        if (!NAME.matcher(newName).matches()) {
            throw new InvalidParameterException("Invalid container name (" + newName
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        String name = newName.startsWith("/") ? newName : "/" + newName;
        synchronized (createLock) {
            if (name.equals(record.getLabelsMap().get(ContainerRecords.NAME))) {
                throw new InvalidParameterException("Renaming a container with the same name as its current name");
            }
            for (var c : containers()) {
                if (name.equals(c.getLabelsMap().get(ContainerRecords.NAME))) {
                    throw new ConflictException("Error when allocating new name: Conflict. The container name \""
                            + name + "\" is already in use by container \"" + c.getId()
                            + "\". You have to remove (or rename) that container to be able to reuse that name.");
                }
            }
            containerd.blocking(ContainersGrpc::newBlockingStub).update(UpdateContainerRequest.newBuilder()
                    .setContainer(io.linnet.containerd.proto.containers.Container.newBuilder().setId(record.getId())
                            .putLabels(ContainerRecords.NAME, name))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("labels." + ContainerRecords.NAME))
                    .build());
        }
        LOG.info("container {}: renamed to {}", record.getId(), name);
        dockerEvents.publish(record.getId(), "rename",
                Map.of("oldName", record.getLabelsMap().getOrDefault(ContainerRecords.NAME, "")));
    }

    @Override
    public void resize(String idOrName, int height, int width) {
        String id = find(idOrName).getId();
        if (!isRunning(id)) {
            throw new ConflictException("Container " + id + " is not running");
        }
        if (height < 0 || width < 0) {
            throw new InvalidParameterException("invalid terminal size " + height + "x" + width);
        }
        containerd.blocking(TasksGrpc::newBlockingStub).resizePty(ResizePtyRequest.newBuilder().setContainerId(id)
                .setHeight(height).setWidth(width).build());
        dockerEvents.publish(id, "resize", Map.of("height", String.valueOf(height), "width", String.valueOf(width)));
    }

    // ---------------------------------------------------------------- remove / wait

    /** {@code --volumes-from}: the mounts of another container. */
    private List<MountPoint> mountsOf(String idOrName) {
        return StoredMounts.of(find(idOrName));
    }

    @Override
    public void remove(String idOrName, boolean force, boolean anonymousVolumes) {
        var record = find(idOrName);
        String id = record.getId();
        if (anonymousVolumes) {
            List<MountPoint> mounts = StoredMounts.of(record);
            removeContainer(id, force);
            removeAnonymousVolumes(id, mounts);
        } else {
            removeContainer(id, force);
        }
    }

    /** As dockerd's {@code rm -v}: a volume another container still uses stays, with a log line. */
    private void removeAnonymousVolumes(String id, List<MountPoint> mounts) {
        VolumeService service = volumes;
        if (service == null) {
            return;
        }
        for (MountPoint m : mounts) {
            if (m.anonymous() && m.type().equals(MountPoint.VOLUME)) {
                try {
                    service.remove(m.name(), true);
                } catch (RuntimeException e) {
                    LOG.warn("container {}: its anonymous volume {} stays: {}", id, m.name(), e.getMessage());
                }
            }
        }
    }

    private void removeContainer(String id, boolean force) {
        if (pendingRestarts.containsKey(id)) {
            if (!force) {
                throw new ConflictException("You cannot remove a restarting container " + id
                        + ". Stop the container before attempting removal or force remove");
            }
            cancelRestart(id);
        }
        if (isRunning(id)) {
            if (!force) {
                throw new ConflictException("You cannot remove a running container " + id
                        + ". Stop the container before attempting removal or force remove");
            }
            stopRequested.add(id);
            removing.add(id);
            CompletableFuture<Integer> exit = nextExit.computeIfAbsent(id, k -> new CompletableFuture<>());
            signal(id, Signals.SIGKILL);
            try {
                exit.get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("container {}: no exit within 15 s of SIGKILL; removing anyway", id);
            }
        }
        removing.add(id);
        try {
            doRemove(id);
        } finally {
            removing.remove(id);
        }
    }

    private void doRemove(String id) {
        synchronized (lock(id)) {
            Map<String, String> destroyed = dockerEvents.attributes(id);
            var live = running.remove(id);
            if (live != null) {
                runner.delete(live);
            } else {
                runner.deleteTask(id);
            }
            int code = 0;
            try {
                var c = containerd.blocking(ContainersGrpc::newBlockingStub)
                        .get(GetContainerRequest.newBuilder().setId(id).build()).getContainer();
                code = ContainerRecords.Stored.parse(c.getLabelsMap().get(ContainerRecords.STATE)).exitCode();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                    return; // removed already
                }
            }
            runner.remove(id);
            var net = networking;
            if (net != null) {
                net.forget(id);
            }
            deleteTree(runner.logDir(id));
            locks.remove(id);
            LOG.info("container {}: removed", id);
            dockerEvents.publishWith(id, "destroy", destroyed, Map.of());
            CompletableFuture<Integer> waiter = removed.remove(id);
            if (waiter != null) {
                waiter.complete(code);
            }
        }
    }

    @Override
    public CompletionStage<Integer> wait(String idOrName, WaitCondition condition) {
        var record = find(idOrName);
        String id = record.getId();
        switch (condition) {
            case REMOVED -> {
                return removed.computeIfAbsent(id, k -> new CompletableFuture<>());
            }
            case NEXT_EXIT -> {
                return nextExit.computeIfAbsent(id, k -> new CompletableFuture<>());
            }
            default -> {
                // under the container's lock: an exit is either fully recorded or its task still exists
                synchronized (lock(id)) {
                    if (task(id).isPresent()) {
                        return nextExit.computeIfAbsent(id, k -> new CompletableFuture<>());
                    }
                    return CompletableFuture.completedFuture(get(id).state().exitCode());
                }
            }
        }
    }

    // ---------------------------------------------------------------- exits

    private void onEvent(Envelope envelope) {
        if (!TaskEvents.TASK_EXIT.equals(envelope.getEvent().getTypeUrl())) {
            return;
        }
        try {
            var exit = io.linnet.containerd.proto.events.task.TaskExit.parseFrom(envelope.getEvent().getValue());
            if (exit.getId().equals(exit.getContainerId())) {
                exits.execute(() -> exited(exit.getContainerId(), (int) exit.getExitStatus(),
                        TaskEvents.instant(exit.getExitedAt())));
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            LOG.warn("unreadable task exit: {}", e.getMessage());
        }
    }

    /** Records an exit: task deleted, output drained, state stored, waiters told, --rm honoured. */
    private void exited(String id, int code, Instant at) {
        boolean autoRemove;
        List<MountPoint> autoRemoveMounts;
        synchronized (lock(id)) {
            io.linnet.containerd.proto.containers.Container record;
            try {
                record = containerd.blocking(ContainersGrpc::newBlockingStub)
                        .get(GetContainerRequest.newBuilder().setId(id).build()).getContainer();
            } catch (StatusRuntimeException e) {
                return;
            }
            if (!ContainerRecords.ours(record)) {
                return;
            }
            var live = running.remove(id);
            closeStdinPipe(id);
            boolean oom = live != null && live.exit().isDone() && live.exit().getNow(null) != null
                    && live.exit().getNow(null).oomKilled();
            // The exit is recorded before the task is deleted: a daemon stopped in between finds the
            // stopped task again at its next start and records the same exit, instead of losing it.
            ContainerRecords.Stored stored = ContainerRecords.Stored.parse(record.getLabelsMap().get(ContainerRecords.STATE));
            boolean byUser = stopRequested.remove(id) || removing.contains(id);
            ContainerRecords.Stored exitedState = stored.stoppedByUser(byUser).exited(code, at, oom);
            RestartPolicy policy = restartPolicy(record);
            boolean restart = !meta(record).autoRemove() && policy.restartsAfter(code, byUser, stored.restartCount());
            try {
                saveState(id, restart ? exitedState.restarting() : exitedState);
            } catch (RuntimeException e) {
                LOG.warn("container {}: could not record its exit: {}", id, e.toString());
            }
            if (restart) {
                scheduleRestart(id, stored.startedAt() == null ? Duration.ZERO : Duration.between(stored.startedAt(), at));
            }
            if (live != null) {
                runner.delete(live);
            } else {
                runner.deleteTask(id);
            }
            LOG.info("container {}: exited with {}", id, code);
            dockerEvents.died(record, oom, code, stored.startedAt(), at);
            endAttachments(id);
            CompletableFuture<Integer> waiter = nextExit.remove(id);
            if (waiter != null) {
                waiter.complete(code);
            }
            // after the attachments have ended: CNI DEL takes a while, a new start -a must not be ended by this exit
            detachNetwork(id);
            autoRemoveMounts = StoredMounts.of(record);
            dockerEvents.volumesUnmounted(id, autoRemoveMounts);
            autoRemove = meta(record).autoRemove() && !removing.contains(id);
        }
        if (autoRemove) {
            try {
                doRemove(id);
                removeAnonymousVolumes(id, autoRemoveMounts);
            } catch (RuntimeException e) {
                LOG.warn("container {}: auto-remove failed: {}", id, e.toString());
            }
        }
    }

    /** At activation: record the exits of tasks that stopped while the daemon was away. */
    private void reconcile() {
        try {
            java.util.Set<String> withTask = new java.util.HashSet<>();
            for (Process p : containerd.blocking(TasksGrpc::newBlockingStub).list(ListTasksRequest.getDefaultInstance())
                    .getTasksList()) {
                String id = taskId(p);
                withTask.add(id);
                if (p.getStatus() == io.linnet.containerd.proto.types.task.Status.STOPPED) {
                    exited(id, p.getExitStatus(), TaskEvents.instant(p.getExitedAt()));
                } else if (p.getStatus() == io.linnet.containerd.proto.types.task.Status.RUNNING
                        || p.getStatus() == io.linnet.containerd.proto.types.task.Status.PAUSED) {
                    reattach(id);
                }
            }
            // containers whose task is gone altogether: their network endpoints go too
            containers().stream().map(c -> c.getId()).filter(id -> !withTask.contains(id)).forEach(this::detachNetwork);
            startWithDaemon();
        } catch (RuntimeException e) {
            LOG.warn("could not reconcile containers with containerd: {}", e.toString());
        }
    }

    /**
     * At activation: containers whose policy wants them running come back (always; unless-stopped
     * unless a user stopped it; any that was waiting out its back-off when the daemon went away).
     */
    private void startWithDaemon() {
        for (var c : containers()) {
            if (pendingRestarts.containsKey(c.getId()) || task(c.getId()).isPresent()) {
                continue; // running, or its restart is scheduled already (an exit found just now)
            }
            ContainerRecords.Stored stored = ContainerRecords.Stored.parse(c.getLabelsMap().get(ContainerRecords.STATE));
            boolean wanted = ContainerRecords.Stored.RESTARTING.equals(stored.status())
                    || (stored.startedAt() != null && restartPolicy(c).startsWithDaemon(stored.manuallyStopped()));
            if (wanted) {
                try {
                    start(c, false);
                } catch (RuntimeException e) {
                    LOG.warn("container {}: could not start it with the daemon: {}", c.getId(), e.toString());
                }
            }
        }
    }

    private static RestartPolicy restartPolicy(io.linnet.containerd.proto.containers.Container c) {
        try {
            return RestartPolicy.parse(ContainerRecords.extension(c, ContainerRecords.EXT_HOST_CONFIG, "{}"));
        } catch (InvalidParameterException e) {
            return RestartPolicy.NO; // stored by an older daemon: it was accepted then
        }
    }

    private void scheduleRestart(String id, Duration ranFor) {
        Duration delay = restartDelays.merge(id, RestartPolicy.nextDelay(null, ranFor),
                (previous, ignored) -> RestartPolicy.nextDelay(previous, ranFor));
        LOG.info("container {}: restarting in {} ms (restart policy)", id, delay.toMillis());
        pendingRestarts.put(id, restarts.schedule(() -> restartNow(id), delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void restartNow(String id) {
        exits.execute(() -> {
            if (pendingRestarts.remove(id) == null) {
                return; // stopped or removed meanwhile
            }
            try {
                var record = containerd.blocking(ContainersGrpc::newBlockingStub)
                        .get(GetContainerRequest.newBuilder().setId(id).build()).getContainer();
                start(record, false);
                dockerEvents.publish(id, "restart");
            } catch (RuntimeException e) {
                LOG.warn("container {}: restart failed: {}", id, e.toString());
            }
        });
    }

    /** Ends a wait for a policy restart; true when there was one (the container stays exited). */
    private boolean cancelRestart(String id) {
        var pending = pendingRestarts.remove(id);
        restartDelays.remove(id);
        if (pending == null) {
            return false;
        }
        pending.cancel(false);
        synchronized (lock(id)) {
            try {
                var record = containerd.blocking(ContainersGrpc::newBlockingStub)
                        .get(GetContainerRequest.newBuilder().setId(id).build()).getContainer();
                ContainerRecords.Stored stored = ContainerRecords.Stored.parse(record.getLabelsMap().get(ContainerRecords.STATE));
                saveState(id, new ContainerRecords.Stored(ContainerState.EXITED, stored.exitCode(), stored.startedAt(),
                        stored.finishedAt(), stored.oomKilled(), stored.error(), stored.restartCount(), true));
            } catch (StatusRuntimeException e) {
                LOG.debug("container {}: gone while its restart was cancelled", id);
            }
        }
        return true;
    }

    /** A task that runs since before this daemon started: its output goes on into the log. */
    private void reattach(String id) {
        synchronized (lock(id)) {
            if (running.containsKey(id)) {
                return;
            }
            try {
                var record = containerd.blocking(ContainersGrpc::newBlockingStub)
                        .get(GetContainerRequest.newBuilder().setId(id).build()).getContainer();
                Process task = task(id).orElse(null);
                if (!ContainerRecords.ours(record) || task == null
                        || task.getStatus() == io.linnet.containerd.proto.types.task.Status.STOPPED) {
                    return;
                }
                ContainerRunner.RunningTask live = runner.reattach(id, task.getPid(), logSettings(record),
                        (stream, data, time) -> publish(id, stream, data, time));
                running.put(id, live);
                if (live.fifos().stdin() != null) {
                    stdinOf(id).complete(new java.io.RandomAccessFile(live.fifos().stdin().toFile(), "rw"));
                }
                LOG.info("container {}: re-attached to its running task, pid {}", id, task.getPid());
            } catch (IOException | RuntimeException e) {
                LOG.warn("container {}: could not re-attach to its output: {}", id, e.toString());
            }
        }
    }

    // ---------------------------------------------------------------- logs / attach

    @Override
    public void logs(String idOrName, LogOptions options, LogSink sink) throws IOException {
        var record = find(idOrName);
        String id = record.getId();
        if (!logSettings(record).keeps()) {
            throw new io.linnet.engine.api.NotImplementedException("configured logging driver does not support reading");
        }
        LogFileReader.read(runner.logPath(id), options, sink, () -> isRunning(id));
    }

    private record Output(boolean stdout, boolean stderr, LogSink sink, CompletableFuture<Void> done) {
    }

    private void publish(String id, String stream, byte[] data, Instant time) {
        List<Output> outputs = attached.get(id);
        if (outputs == null) {
            return;
        }
        long nanos = time.getEpochSecond() * 1_000_000_000L + time.getNano();
        for (Output o : outputs) {
            boolean wanted = "stdout".equals(stream) ? o.stdout() : o.stderr();
            if (wanted && !o.done().isDone() && !o.sink().accept(stream, nanos, data)) {
                o.done().complete(null);
                outputs.remove(o);
            }
        }
    }

    private void endAttachments(String id) {
        List<Output> outputs = attached.remove(id);
        if (outputs != null) {
            outputs.forEach(o -> o.done().complete(null));
        }
    }

    @Override
    public Attachment attach(String idOrName, boolean stdin, boolean stdout, boolean stderr, LogSink sink) {
        var record = find(idOrName);
        String id = record.getId();
        Output output = new Output(stdout, stderr, sink, new CompletableFuture<>());
        dockerEvents.publish(id, "attach");
        attached.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(output);
        return new Attachment() {
            @Override
            public CompletionStage<Void> done() {
                return output.done();
            }

            @Override
            public java.io.OutputStream stdin() {
                if (!stdin || !meta(record).openStdin()) {
                    return java.io.OutputStream.nullOutputStream();
                }
                return new StdinStream(id);
            }

            @Override
            public void close() {
                output.done().complete(null);
                List<Output> outputs = attached.get(id);
                if (outputs != null) {
                    outputs.remove(output);
                }
            }
        };
    }

    private final Map<String, CompletableFuture<java.io.RandomAccessFile>> stdins = new ConcurrentHashMap<>();

    private CompletableFuture<java.io.RandomAccessFile> stdinOf(String id) {
        return stdins.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    private void closeStdinPipe(String id) {
        CompletableFuture<java.io.RandomAccessFile> pipe = stdins.remove(id);
        if (pipe != null && pipe.isDone() && !pipe.isCompletedExceptionally()) {
            try {
                pipe.join().close();
            } catch (IOException ignored) {
                // gone
            }
        } else if (pipe != null) {
            pipe.cancel(false);
        }
    }

    /** A container's stdin FIFO, written once the task runs; close gives the process end-of-file. */
    private final class StdinStream extends java.io.OutputStream {
        private final String id;
        private boolean closed;

        StdinStream(String id) {
            this.id = id;
        }

        private java.io.RandomAccessFile pipe() throws IOException {
            try {
                return stdinOf(id).get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new IOException("container " + id + " has no stdin", e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!closed) {
                pipe().write(b, off, len);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            CompletableFuture<java.io.RandomAccessFile> pipe = stdinOf(id);
            exits.execute(() -> {
                try {
                    java.io.RandomAccessFile f = pipe.get(5, TimeUnit.MINUTES);
                    stdins.remove(id, pipe);
                    f.close();
                    runner.closeStdin(id);
                } catch (Exception ignored) {
                    // the container ended first
                }
            });
        }
    }

    // ---------------------------------------------------------------- helpers

    /** CNI DEL once the task is gone; a failure is logged, never in the way of recording the exit. */
    private void detachNetwork(String id) {
        var net = networking;
        if (net != null) {
            try {
                net.detach(id);
            } catch (RuntimeException e) {
                LOG.warn("container {}: could not release its network: {}", id, e.toString());
            }
        }
    }

    /** Tasks.List names the init process by the container's ID (container_id may be empty). */
    private static String taskId(Process p) {
        return p.getContainerId().isEmpty() ? p.getId() : p.getContainerId();
    }

    static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void deleteTree(Path dir) {
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    java.nio.file.Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // not there
        }
    }
}
