package io.linnet.containerd.container;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linnet.containerd.client.ContainerListing;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.proto.containers.ContainersGrpc;
import io.linnet.containerd.proto.containers.GetContainerRequest;
import io.linnet.containerd.proto.containers.UpdateContainerRequest;
import io.linnet.containerd.proto.tasks.GetRequest;
import io.linnet.containerd.proto.tasks.ListTasksRequest;
import io.linnet.containerd.proto.tasks.TasksGrpc;
import io.linnet.containerd.proto.types.task.Process;
import io.linnet.api.model.container.HostConfig;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerState;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The containers as containerd keeps them: their records (Docker metadata in labels and
 * extensions, see {@link ContainerRecords}) and their tasks, looked up as dockerd looks
 * containers up, and turned into the engine's {@link Container}.
 */
final class ContainerStore {

    private final ContainerdConnection containerd;
    private final ContainerRunner runner;
    private final ContainerHandles handles;
    private final ContainerView view = new ContainerView();
    /** A listing of thousands of containers takes well under this; a containerd that does not answer fails the start. */
    private static final long LISTING_TIMEOUT_MILLIS = 120_000;

    private final Map<String, Parsed> parsedById = new java.util.concurrent.ConcurrentHashMap<>();

    ContainerStore(ContainerdConnection containerd, ContainerRunner runner, ContainerHandles handles) {
        this.containerd = containerd;
        this.runner = runner;
        this.handles = handles;
    }

    /** Reads every container from containerd into the view (at start, and when events may have been missed). */
    void rebuild() {
        long since = java.time.Instant.now().getEpochSecond() - 1;
        parsedById.clear();
        view.reconcile(ContainerListing.withoutSpecs(containerd, LISTING_TIMEOUT_MILLIS).stream()
                .filter(ContainerRecords::ours).toList(), since);
    }

    /**
     * containerd's container events: the view learns of changes made outside the daemon's own
     * writes (the health store, another client); a refresh is one Get.
     */
    void onEvent(io.linnet.containerd.proto.events.Envelope envelope) {
        String type = envelope.getEvent().getTypeUrl();
        try {
            switch (type) {
                case CONTAINER_CREATE -> {
                    String id = io.linnet.containerd.proto.events.container.ContainerCreate
                            .parseFrom(envelope.getEvent().getValue()).getId();
                    if (view.byId(id) == null && !creating.contains(id)) { // the daemon's own: its create puts it
                        refresh(id);
                    }
                }
                case CONTAINER_UPDATE -> refresh(io.linnet.containerd.proto.events.container.ContainerUpdate
                        .parseFrom(envelope.getEvent().getValue()).getId());
                case CONTAINER_DELETE -> removed(io.linnet.containerd.proto.events.container.ContainerDelete
                        .parseFrom(envelope.getEvent().getValue()).getId());
                default -> { }
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            // not a container event of the shape we know: the next rebuild catches up
        }
    }

    static final String CONTAINER_CREATE = "containerd.events.ContainerCreate";
    static final String CONTAINER_UPDATE = "containerd.events.ContainerUpdate";
    static final String CONTAINER_DELETE = "containerd.events.ContainerDelete";

    /** Reads one container again into the view (after its creation, or an event). */
    void refresh(String id) {
        try {
            record(id);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                removed(id);
            }
        }
    }

    /** IDs the daemon is creating: their create event needs no Get, the create's answer goes into the view. */
    private final java.util.Set<String> creating = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Creates container {@code id} in containerd and puts containerd's answer into the view (no Get). */
    void create(String id, java.util.function.Supplier<io.linnet.containerd.proto.containers.Container> create) {
        creating.add(id);
        try {
            written(create.get());
        } finally {
            creating.remove(id);
        }
    }

    /** A record containerd answered a write with. */
    void written(io.linnet.containerd.proto.containers.Container record) {
        if (ContainerRecords.ours(record)) {
            view.put(record);
        }
    }

    /** The container is gone from containerd. */
    void removed(String id) {
        view.remove(id);
        parsedById.remove(id);
    }

    /** Linnet's container with this full ID from the view (without its spec), or null. */
    io.linnet.containerd.proto.containers.Container viewed(String id) {
        return view.byId(id);
    }

    /** Every container of Linnet's, from the view. */
    List<io.linnet.containerd.proto.containers.Container> all() {
        return List.copyOf(view.all());
    }

    /** IDs of the containers that mount a named volume, from the view. */
    java.util.Set<String> usingVolume(String volumeName) {
        return view.usingVolume(volumeName);
    }

    /** Whether a container was made from the image, from the view. */
    boolean usesImage(String imageId) {
        return view.usesImage(imageId);
    }

    /** The full record of a container by full ID (its spec included), read from containerd; NOT_FOUND when it is gone. */
    io.linnet.containerd.proto.containers.Container record(String id) {
        var record = containerd.blocking(ContainersGrpc::newBlockingStub)
                .get(GetContainerRequest.newBuilder().setId(id).build()).getContainer();
        written(record);
        return record;
    }

    /**
     * By full ID, name (with or without '/'), or unique ID prefix, as dockerd looks containers up:
     * from the view, whatever the number of containers. The record comes without its spec.
     */
    io.linnet.containerd.proto.containers.Container find(String idOrName) {
        if (idOrName == null || idOrName.isEmpty()) {
            throw new NotFoundException("No such container: " + idOrName);
        }
        var byId = view.byId(idOrName);
        if (byId != null) {
            return byId;
        }
        var byName = view.byName(idOrName.startsWith("/") ? idOrName : "/" + idOrName);
        if (byName != null) {
            return byName;
        }
        List<String> matches = view.withPrefix(idOrName, 2);
        if (matches.size() == 1) {
            var c = view.byId(matches.get(0));
            if (c != null) {
                return c;
            }
        }
        var byLink = byLinkName(idOrName);
        if (byLink != null) {
            return byLink;
        }
        throw new NotFoundException("No such container: " + idOrName);
    }

    /** The container a legacy link name ("/parent/alias") stands for, or null: dockerd's names include them. */
    private io.linnet.containerd.proto.containers.Container byLinkName(String name) {
        String plain = name.startsWith("/") ? name : "/" + name;
        int slash = plain.lastIndexOf('/');
        if (slash <= 0) {
            return null;
        }
        var parent = view.byName(plain.substring(0, slash));
        String child = parent == null ? null : LegacyLinks.of(parent).get(plain.substring(slash + 1));
        return child == null ? null : view.byId(child);
    }

    /** The names the legacy links of other containers give the container ("/parent/alias"). */
    private List<String> linkNames(String id) {
        List<String> out = new java.util.ArrayList<>();
        for (String parentId : view.linking(id)) {
            var parent = view.byId(parentId);
            if (parent != null) {
                String parentName = parent.getLabelsMap().get(ContainerRecords.NAME);
                LegacyLinks.of(parent).forEach((alias, child) -> {
                    if (child.equals(id)) {
                        out.add(parentName + "/" + alias);
                    }
                });
            }
        }
        java.util.Collections.sort(out);
        return out;
    }

    /** The container's name, or null when it is gone. */
    private String nameOf(String id) {
        var c = view.byId(id);
        return c == null ? null : c.getLabelsMap().get(ContainerRecords.NAME);
    }

    /** The container holding a name (with its '/'), or null. */
    String nameHolder(String name) {
        var c = view.byName(name);
        return c == null ? null : c.getId();
    }

    /** Gives the container a new name (the caller holds the names' lock). */
    void rename(String id, String name) {
        written(containerd.blocking(ContainersGrpc::newBlockingStub).update(UpdateContainerRequest.newBuilder()
                .setContainer(io.linnet.containerd.proto.containers.Container.newBuilder().setId(id)
                        .putLabels(ContainerRecords.NAME, name))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels." + ContainerRecords.NAME))
                .build()).getContainer());
    }

    Optional<Process> task(String id) {
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

    /**
     * Every task, by container ID: containerd's last listing while no task changed since (a listing
     * asks every shim for its state, the most costly part of {@code docker ps}).
     */
    Map<String, Process> tasks() {
        long generation = runner.taskGeneration(); // read first: a change during the listing makes it stale
        ListedTasks listed = lastListed;
        if (listed != null && listed.generation() == generation) {
            return listed.tasks();
        }
        Map<String, Process> tasks = new HashMap<>();
        for (Process p : containerd.blocking(TasksGrpc::newBlockingStub).list(ListTasksRequest.getDefaultInstance())
                .getTasksList()) {
            tasks.put(taskId(p), p);
        }
        Map<String, Process> fixed = Map.copyOf(tasks);
        lastListed = new ListedTasks(generation, fixed);
        return fixed;
    }

    private record ListedTasks(long generation, Map<String, Process> tasks) {
    }

    private volatile ListedTasks lastListed;

    /**
     * The container's task as {@link #task} answers, without a call while no task has changed since
     * containerd last told it: from the last task listing (a burst of removals of never-started
     * containers asks nothing) or the last Get of this container's task (a {@code docker exec} asked
     * three times, inspect, create and start). For what is shown and checked; a start or stop asks anew.
     */
    Optional<Process> currentTask(String id) {
        long generation = runner.taskGeneration(); // read first: a change during the Get makes it stale
        ListedTasks listed = lastListed;
        if (listed != null && listed.generation() == generation) {
            return Optional.ofNullable(listed.tasks().get(id));
        }
        KnownTasks known = knownTasks;
        if (known.generation() != generation) {
            known = new KnownTasks(generation, new java.util.concurrent.ConcurrentHashMap<>());
            knownTasks = known; // the older answers are all stale: dropped, so this never outgrows the containers asked
        }
        Optional<Process> answer = known.tasks().get(id);
        if (answer == null) {
            answer = task(id);
            known.tasks().put(id, answer);
        }
        return answer;
    }

    /** Tasks got one by one since the last task change, by container ID. */
    private record KnownTasks(long generation, Map<String, Optional<Process>> tasks) {
    }

    private volatile KnownTasks knownTasks = new KnownTasks(-1, Map.of());

    boolean isRunning(String id) {
        return task(id).map(ContainerStore::live).orElse(false);
    }

    /** A task that runs, is paused, or was made and not yet started: one a removal must kill first. */
    static boolean live(Process p) {
        return p.getStatus() == io.linnet.containerd.proto.types.task.Status.RUNNING
                || p.getStatus() == io.linnet.containerd.proto.types.task.Status.PAUSED
                || p.getStatus() == io.linnet.containerd.proto.types.task.Status.CREATED;
    }

    boolean isPaused(String id) {
        return task(id).map(p -> p.getStatus() == io.linnet.containerd.proto.types.task.Status.PAUSED).orElse(false);
    }

    void saveState(String id, ContainerRecords.Stored state) {
        written(containerd.blocking(ContainersGrpc::newBlockingStub).update(UpdateContainerRequest.newBuilder()
                .setContainer(io.linnet.containerd.proto.containers.Container.newBuilder().setId(id)
                        .putLabels(ContainerRecords.STATE, state.json()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels." + ContainerRecords.STATE))
                .build()).getContainer());
    }

    /** The engine's view of a record and its task (null when it has none). */
    Container toContainer(io.linnet.containerd.proto.containers.Container c, Process task) {
        Parsed parsed = parsed(c);
        ContainerRecords.Stored stored = parsed.stored();
        ContainerRecords.Meta meta = parsed.meta();
        ContainerState state;
        boolean live = task != null && (task.getStatus() == io.linnet.containerd.proto.types.task.Status.RUNNING
                || task.getStatus() == io.linnet.containerd.proto.types.task.Status.PAUSED
                || task.getStatus() == io.linnet.containerd.proto.types.task.Status.PAUSING);
        if (live) {
            boolean paused = task.getStatus() != io.linnet.containerd.proto.types.task.Status.RUNNING;
            state = new ContainerState(paused ? "paused" : ContainerState.RUNNING, true, paused, task.getPid(), 0, false,
                    "", stored.startedAt() == null ? Instant.now() : stored.startedAt(), stored.finishedAt());
        } else {
            ContainerHandle handle = handles.existing(c.getId());
            String status = handle != null && handle.removing ? ContainerState.REMOVING
                    : ContainerState.RUNNING.equals(stored.status()) ? ContainerState.EXITED : stored.status();
            state = new ContainerState(status, false, false, 0, stored.exitCode(), stored.oomKilled(), stored.error(),
                    stored.startedAt(), stored.finishedAt());
        }
        Map<String, String> labels = c.getLabelsMap();
        HostConfig hostConfig = parsed.hostConfig();
        if (hostConfig.links() != null || labels.containsKey(LegacyLinks.LABEL)) { // as moby: from the links it keeps
            hostConfig = hostConfig.toBuilder().links(LegacyLinks.inspectForm(labels.get(ContainerRecords.NAME),
                    LegacyLinks.of(c), this::nameOf)).build();
        }
        return new Container(c.getId(), labels.get(ContainerRecords.NAME), labels.get(ContainerRecords.IMAGE),
                labels.get(ContainerRecords.IMAGE_ID), Instant.parse(labels.get(ContainerRecords.CREATED)), meta.path(),
                meta.args(), parsed.userLabels(), parsed.config(), hostConfig, meta.tty(),
                meta.openStdin(), meta.autoRemove(), state, stored.restartCount(),
                stored.startedAt() == null || !LogSettings.of(hostConfig.logConfig()).keeps() ? ""
                        : runner.logPath(c.getId()).toString(),
                parsed.mounts(), linkNames(c.getId()));
    }

    /** What {@link #toContainer} reads from a record's labels and extensions, parsed once. */
    private record Parsed(io.linnet.containerd.proto.containers.Container record, ContainerRecords.Stored stored,
            ContainerRecords.Meta meta, io.linnet.api.model.container.ContainerConfig config, HostConfig hostConfig,
            Map<String, String> userLabels, List<io.linnet.engine.api.container.MountPoint> mounts) {
    }

    /**
     * The parsed parts of a record, kept for the record the view holds until the view holds another:
     * a list of 500 containers would otherwise parse a thousand JSON documents on every request.
     */
    private Parsed parsed(io.linnet.containerd.proto.containers.Container c) {
        Parsed known = parsedById.get(c.getId());
        if (known != null && known.record() == c) {
            return known;
        }
        Parsed fresh = new Parsed(c, stored(c), meta(c), ContainerRecords.config(c), ContainerRecords.hostConfig(c),
                Map.copyOf(ContainerRecords.userLabels(c)), StoredMounts.of(c));
        if (view.byId(c.getId()) == c) {
            parsedById.put(c.getId(), fresh);
        }
        return fresh;
    }

    static ContainerRecords.Stored stored(io.linnet.containerd.proto.containers.Container c) {
        return ContainerRecords.Stored.parse(c.getLabelsMap().get(ContainerRecords.STATE));
    }

    static LogSettings logSettings(io.linnet.containerd.proto.containers.Container c) {
        return LogSettings.of(ContainerRecords.hostConfig(c).logConfig());
    }

    static ContainerRecords.Meta meta(io.linnet.containerd.proto.containers.Container c) {
        return ContainerRecords.Meta.parse(ContainerRecords.extension(c, ContainerRecords.EXT_META, "{}")
                .getBytes(StandardCharsets.UTF_8));
    }

    static RestartPolicy restartPolicy(io.linnet.containerd.proto.containers.Container c) {
        try {
            return RestartPolicy.of(ContainerRecords.hostConfig(c));
        } catch (InvalidParameterException e) {
            return RestartPolicy.NO; // stored by an older daemon: it was accepted then
        }
    }

    /** Tasks.List names the init process by the container's ID (container_id may be empty). */
    static String taskId(Process p) {
        return p.getContainerId().isEmpty() ? p.getId() : p.getContainerId();
    }
}
