package io.linnet.containerd.container;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.client.Leases;
import io.linnet.containerd.config.EngineDefaults;
import io.linnet.containerd.image.RunnableImages;
import io.linnet.containerd.proto.containers.Container;
import io.linnet.containerd.proto.containers.ContainersGrpc;
import io.linnet.containerd.proto.containers.CreateContainerRequest;
import io.linnet.containerd.proto.containers.DeleteContainerRequest;
import io.linnet.containerd.proto.leases.CreateRequest;
import io.linnet.containerd.proto.leases.DeleteRequest;
import io.linnet.containerd.proto.leases.LeasesGrpc;
import io.linnet.containerd.proto.snapshots.MountsRequest;
import io.linnet.containerd.proto.snapshots.PrepareSnapshotRequest;
import io.linnet.containerd.proto.snapshots.RemoveSnapshotRequest;
import io.linnet.containerd.proto.snapshots.SnapshotsGrpc;
import io.linnet.containerd.proto.tasks.CreateTaskRequest;
import io.linnet.containerd.proto.tasks.DeleteTaskRequest;
import io.linnet.containerd.proto.tasks.KillRequest;
import io.linnet.containerd.proto.tasks.StartRequest;
import io.linnet.containerd.proto.tasks.TasksGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The containerd side of a container's life, in the order containerd needs: create (lease,
 * snapshot, container record), start (FIFOs and log copiers, task), wait, stop, delete (task,
 * snapshot, record). No Docker-level state: that is the caller's.
 */
final class ContainerRunner {

    static final String RUNTIME = "io.containerd.runc.v2";
    static final String SNAPSHOTTER = "overlayfs";
    static final String SPEC_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Spec";
    /** The type URL containerd registers the runc shim's options under. */
    static final String RUNC_OPTIONS = "containerd.runc.v1.Options";
    private static final Logger LOG = LoggerFactory.getLogger(ContainerRunner.class);
    private static final Duration IO_DRAIN = Duration.ofSeconds(5);

    private final ContainerdConnection containerd;
    private final RunnableImages images;
    private final SpecGenerator specs;
    private final TaskEvents events;
    private final Path fifoRoot;
    private final Path logRoot;
    private final LogWriter logWriter;
    private final java.util.function.Supplier<EngineDefaults> daemonDefaults;

    /**
     * @param fifoRoot where each container's FIFO directory goes ({@code <execRoot>/containers})
     * @param logRoot  where each container's json-file log goes ({@code <dataRoot>/containers})
     */
    ContainerRunner(ContainerdConnection containerd, RunnableImages images, SpecGenerator specs, TaskEvents events,
            Path fifoRoot, Path logRoot, LogWriter logWriter) {
        this(containerd, () -> containerd.settings().defaults(), images, specs, events, fifoRoot, logRoot, logWriter);
    }

    /** @param daemonDefaults the runtimes and default runtime as they are now (a SIGHUP reloads them) */
    ContainerRunner(ContainerdConnection containerd, java.util.function.Supplier<EngineDefaults> daemonDefaults,
            RunnableImages images, SpecGenerator specs, TaskEvents events, Path fifoRoot, Path logRoot,
            LogWriter logWriter) {
        this.logWriter = logWriter;
        this.containerd = containerd;
        this.daemonDefaults = daemonDefaults;
        this.images = images;
        this.specs = specs;
        this.events = events;
        this.fifoRoot = fifoRoot;
        this.logRoot = logRoot;
    }

    /** A started task; its output goes through its {@link LogWriter}. */
    record RunningTask(String id, int pid, Fifos fifos, CompletableFuture<TaskExit> exit) {
    }

    /** Creates the containerd container (snapshot prepared from the image's top layer); answers its record. */
    Container create(String id, String image, ContainerSpec spec, Map<String, String> labels) {
        return create(id, image, spec, labels, Map.of());
    }

    /** {@link #create(String, String, ContainerSpec, Map)} with extensions on the container record. */
    Container create(String id, String image, ContainerSpec spec, Map<String, String> labels, Map<String, Any> extensions) {
        List<MountPlanner.Planned> binds = MountPlanner.bindsOnly(spec.hostConfig()).stream()
                .map(m -> new MountPlanner.Planned(m, false)).toList();
        return create(id, image, spec, labels, extensions, binds, generated -> { });
    }

    /**
     * {@link #create(String, String, ContainerSpec, Map, Map)} with the container's planned mounts
     * (new volumes are filled from the image before the container exists) and {@code adjust} applied
     * to the generated spec (networking's namespace and files). Answers the record containerd wrote.
     */
    Container create(String id, String image, ContainerSpec spec, Map<String, String> labels, Map<String, Any> extensions,
            List<MountPlanner.Planned> mounts,
            java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> adjust) {
        RunnableImages.Runnable runnable = images.resolve(image);
        var generated = specs.generate(id, spec, runnable.config(), path -> images.readFile(runnable, path),
                mounts.stream().map(MountPlanner.Planned::inSpec).toList());
        adjust.accept(generated);
        byte[] specJson = generated.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String lease = createLease(id);
        boolean created = false;
        try {
            Leases.under(lease, containerd.blocking(SnapshotsGrpc::newBlockingStub)).prepare(PrepareSnapshotRequest
                    .newBuilder().setSnapshotter(SNAPSHOTTER).setKey(id).setParent(runnable.chainId()).build());
            if (mounts.stream().anyMatch(MountPlanner.Planned::copyUp)) {
                copyUp(id, mounts);
            }
            Container record = Leases.under(lease, containerd.blocking(ContainersGrpc::newBlockingStub)).create(CreateContainerRequest
                    .newBuilder().setContainer(Container.newBuilder().setId(id).setImage(runnable.name())
                            .setRuntime(runtime(spec.hostConfig().runtime()))
                            .setSpec(Any.newBuilder().setTypeUrl(SPEC_TYPE).setValue(ByteString.copyFrom(specJson)))
                            .setSnapshotter(SNAPSHOTTER).setSnapshotKey(id)
                            .putAllLabels(ContainerRecords.storedLabels(spec.labels())).putAllLabels(labels).putAllExtensions(extensions))
                    .build()).getContainer();
            created = true;
            LOG.debug("container {}: created from {} ({})", id, runnable.name(), runnable.id());
            return record;
        } finally {
            if (!created) {
                removeSnapshot(id);
            }
            deleteLease(lease);
        }
    }

    /**
     * containerd's runtime for a container: the runc shim, told the binary of the runtime the container
     * names (dockerd 24 runs its configured runtimes so); runc itself needs no options.
     */
    Container.Runtime runtime(String name) {
        var defaults = daemonDefaults.get();
        String chosen = name == null || name.isEmpty() ? defaults.defaultRuntime() : name;
        checkRuntime(chosen);
        Container.Runtime.Builder runtime = Container.Runtime.newBuilder().setName(RUNTIME);
        String binary = defaults.binaryOf(chosen);
        if (binary != null) {
            runtime.setOptions(Any.newBuilder().setTypeUrl(RUNC_OPTIONS)
                    .setValue(io.linnet.containerd.proto.runc.Options.newBuilder().setBinaryName(binary).build()
                            .toByteString()));
        }
        return runtime.build();
    }

    /** Refuses a runtime the daemon does not know, with dockerd's answer (a 400). */
    void checkRuntime(String name) {
        if (name != null && !name.isEmpty() && !daemonDefaults.get().knows(name)) {
            throw new io.linnet.engine.api.InvalidParameterException("unknown or invalid runtime name: " + name);
        }
    }

    private void copyUp(String id, List<MountPlanner.Planned> mounts) {
        var rootfs = containerd.blocking(SnapshotsGrpc::newBlockingStub)
                .mounts(MountsRequest.newBuilder().setSnapshotter(SNAPSHOTTER).setKey(id).build()).getMountsList();
        try {
            VolumeCopyUp.copy(id, rootfs, mounts, fifoRoot.resolve(id + "-copyup"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot fill the volumes of container " + id + " from its image: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Creates and starts the task, its stdout and stderr written into the json-file log by its log writer.
     *
     * @param maxSize  json-file max-size in bytes, -1 for none
     * @param maxFiles json-file max-file
     */
    RunningTask start(String id, long maxSize, int maxFiles) throws IOException {
        return start(id, new LogSettings(LogSettings.JSON_FILE, maxSize, maxFiles), false, false, pid -> { });
    }

    /**
     * With {@code withStdin}, the task reads a stdin FIFO ({@link RunningTask#fifos()}) the caller
     * writes; with {@code terminal}, it runs on a pseudo-terminal: one output stream, logged as
     * stdout; {@code created} runs between task create and start with the task's pid (networking's
     * CNI ADD, attached clients connecting to the log writer).
     */
    RunningTask start(String id, LogSettings logging, boolean withStdin, boolean terminal,
            java.util.function.IntConsumer created) throws IOException {
        Fifos fifos = Fifos.create(fifoRoot.resolve(id), "init", withStdin, !terminal);
        CompletableFuture<TaskExit> exit = events.expectExit(id);
        boolean started = false;
        try {
            logWriter.start(id, fifos, logPath(id), logging);
            var mounts = containerd.blocking(SnapshotsGrpc::newBlockingStub)
                    .mounts(MountsRequest.newBuilder().setSnapshotter(SNAPSHOTTER).setKey(id).build()).getMountsList();
            var tasks = containerd.blocking(TasksGrpc::newBlockingStub);
            CreateTaskRequest.Builder create = CreateTaskRequest.newBuilder().setContainerId(id).addAllRootfs(mounts)
                    .setStdout(fifos.stdout().toString()).setTerminal(terminal);
            if (fifos.stderr() != null) {
                create.setStderr(fifos.stderr().toString());
            }
            if (fifos.stdin() != null) {
                create.setStdin(fifos.stdin().toString());
            }
            events.taskChanging();
            int pid;
            try {
                pid = tasks.create(create.build()).getPid();
                LOG.debug("container {}: task created, pid {}", id, pid);
                try {
                    created.accept(pid);
                    tasks.start(StartRequest.newBuilder().setContainerId(id).build());
                } catch (RuntimeException e) {
                    deleteTask(id);
                    throw e;
                }
            } finally {
                events.taskChanging();
            }
            started = true;
            LOG.debug("container {}: task started, pid {}", id, pid);
            return new RunningTask(id, pid, fifos, exit);
        } finally {
            if (!started) {
                events.forget(id);
                fifos.paths().forEach(Fifos::unblock); // a writer still waiting for a shim gets end-of-file
                logWriter.awaitEnd(id, IO_DRAIN);
                logWriter.cleanUp(id);
                fifos.delete();
            }
        }
    }

    /**
     * After a daemon restart or an update of the engine bundle: the running task's FIFOs and its
     * exit, from paths alone (no call to containerd). Its log writer is checked apart
     * ({@link #keepLogWriter}).
     */
    RunningTask reattach(String id, int pid) throws IOException {
        Path dir = fifoRoot.resolve(id);
        Path stdin = dir.resolve("init-stdin");
        Path stderr = dir.resolve("init-stderr");
        Fifos fifos = new Fifos(dir, java.nio.file.Files.exists(stdin) ? stdin : null, dir.resolve("init-stdout"),
                java.nio.file.Files.exists(stderr) ? stderr : null); // none: a terminal
        if (!java.nio.file.Files.exists(fifos.stdout())) {
            throw new IOException("the output FIFOs of container " + id + " are gone");
        }
        return new RunningTask(id, pid, fifos, events.expectExit(id));
    }

    /**
     * A re-attached task's log writer outlived the previous daemon (or revision) and goes on; if it is
     * gone, a new one reads the FIFOs (the shim keeps their write sides open, nothing is lost).
     */
    void keepLogWriter(RunningTask task, LogSettings logging) throws IOException {
        if (!logWriter.running(task.id())) {
            LOG.info("container {}: its log writer is gone, starting a new one", task.id());
            logWriter.start(task.id(), task.fifos(), logPath(task.id()), logging);
        }
    }

    /** The exit, once the process ended and its output is in the log. */
    TaskExit await(RunningTask task, Duration timeout) throws TimeoutException, InterruptedException {
        TaskExit exit = get(task.exit(), timeout);
        drain(task);
        return exit;
    }

    /**
     * Sends the stop signal; after the timeout SIGKILL (as {@code docker stop -t}).
     *
     * @return the exit
     */
    TaskExit stop(RunningTask task, int signal, Duration timeout) throws InterruptedException, TimeoutException {
        kill(task.id(), signal);
        try {
            return await(task, timeout);
        } catch (TimeoutException e) {
            LOG.info("container {}: did not stop within {} s of signal {}, killing it", task.id(), timeout.toSeconds(), signal);
        }
        kill(task.id(), Signals.SIGKILL);
        return await(task, Duration.ofSeconds(30));
    }

    /** The process sees end-of-file on its stdin. */
    void closeStdin(String id) {
        try {
            containerd.blocking(TasksGrpc::newBlockingStub).closeIO(
                    io.linnet.containerd.proto.tasks.CloseIORequest.newBuilder().setContainerId(id).setStdin(true).build());
        } catch (StatusRuntimeException e) {
            LOG.debug("container {}: closing stdin: {}", id, e.getStatus());
        }
    }

    void kill(String id, int signal) {
        try {
            containerd.blocking(TasksGrpc::newBlockingStub)
                    .kill(KillRequest.newBuilder().setContainerId(id).setSignal(signal).setAll(false).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** Deletes the task (the shim exits) and the container's FIFOs. */
    void delete(RunningTask task) {
        deleteTask(task.id());
        drain(task);
        release(task);
    }

    /** After the task's delete and drain: its expected exit, log writer's leftovers and FIFOs go. */
    void release(RunningTask task) {
        events.forget(task.id());
        logWriter.cleanUp(task.id());
        task.fifos().delete();
    }

    /** Removes the snapshot, then the container record (the other way round GC may take the snapshot first). */
    void remove(String id) {
        removeSnapshot(id);
        try {
            containerd.blocking(ContainersGrpc::newBlockingStub).delete(DeleteContainerRequest.newBuilder().setId(id).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
    }

    Path logPath(String id) {
        return logRoot.resolve(id).resolve(id + "-json.log");
    }

    Path logDir(String id) {
        return logRoot.resolve(id);
    }

    void deleteTask(String id) {
        events.taskChanging();
        try {
            containerd.blocking(TasksGrpc::newBlockingStub).delete(DeleteTaskRequest.newBuilder().setContainerId(id).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        } finally {
            events.taskChanging();
        }
    }

    /** Runs the daemon's own change of a task's state (pause, resume) so that task listings know of it. */
    void changeTask(Runnable change) {
        events.taskChanging();
        try {
            change.run();
        } finally {
            events.taskChanging();
        }
    }

    /** See {@link TaskEvents#taskGeneration()}. */
    long taskGeneration() {
        return events.taskGeneration();
    }

    /** Waits (bounded) until the task's output is all in its log and has gone to attached clients. */
    void drain(RunningTask task) {
        if (!logWriter.awaitEnd(task.id(), IO_DRAIN)) {
            LOG.warn("container {}: output still open {} s after exit", task.id(), IO_DRAIN.toSeconds());
        }
    }

    private void removeSnapshot(String id) {
        try {
            containerd.blocking(SnapshotsGrpc::newBlockingStub)
                    .remove(RemoveSnapshotRequest.newBuilder().setSnapshotter(SNAPSHOTTER).setKey(id).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                LOG.warn("container {}: could not remove its snapshot: {}", id, e.getStatus());
            }
        }
    }

    private String createLease(String id) {
        String lease = "linnet-container-" + id;
        containerd.blocking(LeasesGrpc::newBlockingStub).create(CreateRequest.newBuilder().setId(lease)
                .putLabels("containerd.io/gc.expire", Instant.now().plus(1, ChronoUnit.HOURS)
                        .truncatedTo(ChronoUnit.SECONDS).toString())
                .build());
        return lease;
    }

    private void deleteLease(String lease) {
        try {
            containerd.blocking(LeasesGrpc::newBlockingStub).delete(DeleteRequest.newBuilder().setId(lease).build());
        } catch (StatusRuntimeException e) {
            LOG.warn("could not delete lease {}: {}", lease, e.getStatus());
        }
    }

    private static <T> T get(CompletableFuture<T> future, Duration timeout) throws TimeoutException, InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

}
