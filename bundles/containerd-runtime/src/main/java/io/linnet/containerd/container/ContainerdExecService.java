package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.proto.containers.ContainersGrpc;
import io.linnet.containerd.proto.containers.GetContainerRequest;
import io.linnet.containerd.proto.tasks.CloseIORequest;
import io.linnet.containerd.proto.tasks.DeleteProcessRequest;
import io.linnet.containerd.proto.tasks.ExecProcessRequest;
import io.linnet.containerd.proto.tasks.ResizePtyRequest;
import io.linnet.containerd.proto.tasks.StartRequest;
import io.linnet.containerd.proto.tasks.TasksGrpc;
import io.linnet.containerd.proto.tasks.WaitRequest;
import io.linnet.containerd.proto.tasks.WaitResponse;
import io.linnet.files.ConfinedRoot;
import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.container.ExecCreate;
import io.linnet.engine.api.container.ExecInfo;
import io.linnet.engine.api.container.ExecService;
import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code docker exec} on containerd: an exec process in the container's task (Tasks.Exec / Start),
 * its stdio through FIFOs under {@code <execRoot>/exec/<id>/}, its exit from Tasks.Wait. Exec
 * records live in memory only and are forgotten by a GC like dockerd's (marked, then dropped, one
 * round every five minutes after they exited).
 */
@Component(service = ExecService.class)
public final class ContainerdExecService implements ExecService {

    static final String PROCESS_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Process";
    private static final Logger LOG = LoggerFactory.getLogger(ContainerdExecService.class);
    /** How long output may still come after the exit (moby waits 2 s for the streams). */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);
    private static final Duration GC_INTERVAL = Duration.ofMinutes(5);
    /** /etc/passwd and /etc/group larger than this are not read (exec -u looks names up in them). */
    private static final int MAX_ACCOUNT_FILE = 8 << 20;

    private final ContainerdConnection containerd;
    private final ContainerService containers;
    private final Path fifoRoot;
    private final Map<String, ExecRecord> execs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "exec-service");
        t.setDaemon(true);
        return t;
    });

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventService eventService;

    @Activate
    public ContainerdExecService(@Reference ContainerdConnection containerd, @Reference ContainerService containers) {
        this.containerd = containerd;
        this.containers = containers;
        this.fifoRoot = containerd.settings().execRoot().resolve("exec");
        worker.scheduleWithFixedDelay(this::collect, GC_INTERVAL.toSeconds(), GC_INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
    }

    // ---------------------------------------------------------------- create / inspect

    @Override
    public String create(String containerIdOrName, ExecCreate request) {
        if (request.cmd().isEmpty()) {
            throw new InvalidParameterException("No exec command specified");
        }
        Container c = containers.get(containerIdOrName);
        checkRunning(c);
        String id = Ids.newId();
        Map<String, String> attributes = new HashMap<>(c.labels());
        attributes.put("image", c.image());
        attributes.put("name", c.name().startsWith("/") ? c.name().substring(1) : c.name());
        ExecRecord record = new ExecRecord(id, c.id(), request, attributes);
        execs.put(id, record);
        publish(record, "exec_create: " + record.commandLine(), Map.of("execID", id));
        LOG.debug("container {}: exec {} created: {}", c.id(), id, record.commandLine());
        return id;
    }

    @Override
    public ExecInfo inspect(String execId) {
        return record(execId).info();
    }

    @Override
    public ExecInfo checkStartable(String execId) {
        ExecRecord record = record(execId);
        if (record.exitCode() != null) {
            throw new ConflictException("Error: Exec command " + execId + " has already run");
        }
        if (record.begun()) {
            throw new ConflictException("Error: Exec command " + execId + " is already running");
        }
        checkRunning(containers.get(record.containerId));
        return record.info();
    }

    private ExecRecord record(String execId) {
        ExecRecord record = execId == null ? null : execs.get(execId);
        if (record == null) {
            throw new NotFoundException("No such exec instance: " + execId);
        }
        return record;
    }

    private static void checkRunning(Container c) {
        if (c.state().paused()) {
            throw new ConflictException("Container " + c.id() + " is paused, unpause the container before exec");
        }
        if (!c.state().running()) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
    }

    // ---------------------------------------------------------------- start

    @Override
    public Run start(String execId, OutputStream stdout, OutputStream stderr, int consoleHeight, int consoleWidth) {
        ExecRecord record = record(execId);
        if (!record.begin()) {
            throw new ConflictException(record.exitCode() != null
                    ? "Error: Exec command " + execId + " has already run"
                    : "Error: Exec command " + execId + " is already running");
        }
        publish(record, "exec_start: " + record.commandLine(), Map.of("execID", execId));
        try {
            return launch(record, stdout, stderr, consoleHeight, consoleWidth);
        } catch (IOException | RuntimeException e) {
            // as dockerd: the error goes to the client's stream and the exec ends with 126
            String message = e instanceof StatusRuntimeException s && s.getStatus().getDescription() != null
                    ? s.getStatus().getDescription() : String.valueOf(e.getMessage());
            LOG.info("container {}: exec {} failed to start: {}", record.containerId, execId, message);
            record.exited(126);
            record.started.complete(null);
            if (stdout != null) {
                try {
                    stdout.write((message + "\r\n").getBytes(StandardCharsets.UTF_8));
                    stdout.flush();
                } catch (IOException ignored) {
                    // client gone
                }
            }
            publish(record, "exec_die", Map.of("execID", execId, "exitCode", "126"));
            return new StartedRun(OutputStream.nullOutputStream(), CompletableFuture.completedFuture(126));
        }
    }

    private Run launch(ExecRecord record, OutputStream stdout, OutputStream stderr, int height, int width)
            throws IOException {
        String cid = record.containerId;
        ExecCreate request = record.request;
        boolean tty = request.tty();
        var tasks = containerd.blocking(TasksGrpc::newBlockingStub);
        JsonNode spec = SpecGenerator.MAPPER.readTree(containerd.blocking(ContainersGrpc::newBlockingStub)
                .get(GetContainerRequest.newBuilder().setId(cid).build()).getContainer().getSpec().getValue().toByteArray());
        ExecUser user = request.user().isEmpty() ? null
                : UserLookup.resolve(request.user(), List.of(), path -> readInContainer(initPid(cid), path));
        byte[] process = ExecProcessSpec.build(spec, request, user, Capabilities.ofHost().all(), height, width)
                .toString().getBytes(StandardCharsets.UTF_8);

        Fifos fifos = Fifos.create(fifoRoot.resolve(record.id), "exec", request.attachStdin());
        RandomAccessFile stdinPipe = null;
        List<FifoPump> pumps = List.of();
        boolean launched = false;
        try {
            // the write side is ours before the shim opens the read side: opening O_RDWR never blocks
            stdinPipe = fifos.stdin() == null ? null : new RandomAccessFile(fifos.stdin().toFile(), "rw");
            String name = "exec-" + record.id.substring(0, 12);
            pumps = tty ? List.of(new FifoPump(fifos.stdout(), stdout).start(name + "-out"))
                    : List.of(new FifoPump(fifos.stdout(), stdout).start(name + "-out"),
                            new FifoPump(fifos.stderr(), stderr).start(name + "-err"));
            ExecProcessRequest.Builder exec = ExecProcessRequest.newBuilder().setContainerId(cid).setExecId(record.id)
                    .setTerminal(tty).setStdout(fifos.stdout().toString())
                    .setSpec(Any.newBuilder().setTypeUrl(PROCESS_TYPE).setValue(ByteString.copyFrom(process)));
            if (!tty) {
                exec.setStderr(fifos.stderr().toString());
            }
            if (fifos.stdin() != null) {
                exec.setStdin(fifos.stdin().toString());
            }
            tasks.exec(exec.build());
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            int pid;
            try {
                waitFor(record, exit);
                pid = tasks.start(StartRequest.newBuilder().setContainerId(cid).setExecId(record.id).build()).getPid();
            } catch (RuntimeException e) {
                deleteProcess(record);
                throw e;
            }
            record.pid(pid);
            record.started.complete(null);
            launched = true;
            LOG.debug("container {}: exec {} started, pid {}", cid, record.id, pid);
            RandomAccessFile pipe = stdinPipe;
            List<FifoPump> outputs = pumps;
            CompletableFuture<Integer> done = exit.thenApplyAsync(code -> finish(record, code, outputs, fifos, pipe),
                    worker);
            return new StartedRun(pipe == null ? OutputStream.nullOutputStream() : new StdinStream(record, pipe), done);
        } finally {
            if (!launched) {
                closeQuietly(stdinPipe);
                for (Path p : List.of(fifos.stdout(), fifos.stderr())) {
                    Fifos.unblock(p); // wake the pumps still waiting in open(2)
                }
                fifos.delete();
            }
        }
    }

    /** The pid of the container's init process, through whose root its files are read. */
    private int initPid(String containerId) {
        return containerd.blocking(TasksGrpc::newBlockingStub).get(io.linnet.containerd.proto.tasks.GetRequest
                .newBuilder().setContainerId(containerId).build()).getProcess().getPid();
    }

    /** Tasks.Wait on the exec process: completes with its exit status. */
    private void waitFor(ExecRecord record, CompletableFuture<Integer> exit) {
        containerd.async(TasksGrpc::newStub).wait(WaitRequest.newBuilder().setContainerId(record.containerId)
                .setExecId(record.id).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(WaitResponse r) {
                        exit.complete((int) r.getExitStatus());
                    }

                    @Override
                    public void onError(Throwable t) {
                        if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
                            exit.complete(137); // the container and its processes are gone
                            return;
                        }
                        if (worker.isShutdown()) {
                            return; // the daemon stops: the next one finds the exec's end
                        }
                        LOG.debug("exec {}: wait failed ({}), waiting again", record.id, t.toString());
                        worker.schedule(() -> waitFor(record, exit), 1, TimeUnit.SECONDS);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
    }

    /**
     * After the exit: the rest of the output delivered (briefly), the exit recorded and announced;
     * the process's delete in containerd follows once the client has been told (as dockerd's).
     */
    private int finish(ExecRecord record, int code, List<FifoPump> pumps, Fifos fifos, RandomAccessFile stdinPipe) {
        try {
            CompletableFuture.allOf(pumps.stream().map(FifoPump::done).toArray(CompletableFuture[]::new))
                    .get(OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // a child still holds the output open: the client stops hearing it, as with dockerd
            pumps.forEach(FifoPump::detach);
        } catch (Exception e) {
            LOG.debug("exec {}: draining its output: {}", record.id, e.toString());
        }
        record.exited(code);
        LOG.debug("container {}: exec {} exited with {}", record.containerId, record.id, code);
        publish(record, "exec_die", Map.of("execID", record.id, "exitCode", String.valueOf(code)));
        Runnable cleanUp = () -> {
            deleteProcess(record);
            closeQuietly(stdinPipe);
            fifos.delete();
        };
        try {
            worker.execute(cleanUp); // after this task, which completes the exec's end
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            cleanUp.run();
        }
        return code;
    }

    private void deleteProcess(ExecRecord record) {
        try {
            containerd.blocking(TasksGrpc::newBlockingStub).deleteProcess(DeleteProcessRequest.newBuilder()
                    .setContainerId(record.containerId).setExecId(record.id).build());
        } catch (StatusRuntimeException e) {
            LOG.debug("exec {}: delete: {}", record.id, e.getStatus());
        }
    }

    // ---------------------------------------------------------------- resize

    @Override
    public void resize(String execId, int height, int width) {
        ExecRecord record = record(execId);
        if (record.exitCode() != null) {
            throw new NotFoundException("no such exec"); // as dockerd, once the process is gone
        }
        try {
            record.started.get(10, TimeUnit.SECONDS); // the CLI resizes right after it asked to start
        } catch (TimeoutException e) {
            throw new IllegalStateException("timeout waiting for exec session ready");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (!record.running()) {
            throw new ConflictException("Exec " + execId + " is not running");
        }
        try {
            containerd.blocking(TasksGrpc::newBlockingStub).resizePty(ResizePtyRequest.newBuilder()
                    .setContainerId(record.containerId).setExecId(execId).setWidth(width).setHeight(height).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw new ConflictException("Exec " + execId + " is not running");
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- GC

    /** dockerd's execCommandGC: exited (or never started on a stopped container) are marked, then dropped. */
    private void collect() {
        try {
            for (ExecRecord record : execs.values()) {
                boolean live = record.begun() ? record.running() : containerRunning(record.containerId);
                if (record.collectable(live)) {
                    execs.remove(record.id);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("exec GC failed: {}", e.toString());
        }
    }

    private boolean containerRunning(String containerId) {
        try {
            return containers.get(containerId).state().running();
        } catch (NotFoundException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- helpers

    private void publish(ExecRecord record, String action, Map<String, String> extra) {
        EventService events = eventService;
        if (events == null) {
            return;
        }
        Map<String, String> attributes = new HashMap<>(record.eventAttributes);
        attributes.putAll(extra);
        try {
            events.publish(Event.now("container", action, record.containerId, attributes));
        } catch (RuntimeException e) {
            LOG.debug("could not publish {}: {}", action, e.toString());
        }
    }

    /**
     * A file of the container's root file system through its init process, looked up inside that
     * root (its links taken as the container takes them); a missing, odd or oversized file is none.
     */
    private static Optional<byte[]> readInContainer(int pid, String path) {
        try (ConfinedRoot root = ConfinedRoot.open(Path.of("/proc", String.valueOf(pid), "root"))) {
            if (root.isHostRoot()) {
                return Optional.empty(); // the task is gone and its pid names a host process
            }
            return Optional.of(root.readAll(path, MAX_ACCOUNT_FILE));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void closeQuietly(RandomAccessFile file) {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // nothing buffered
            }
        }
    }

    private record StartedRun(OutputStream stdin, CompletionStage<Integer> done) implements Run {
    }

    /** The exec's stdin FIFO; closing it gives the process end-of-file (CloseIO). */
    private final class StdinStream extends OutputStream {
        private final ExecRecord record;
        private final RandomAccessFile pipe;
        private boolean closed;

        StdinStream(ExecRecord record, RandomAccessFile pipe) {
            this.record = record;
            this.pipe = pipe;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("stdin closed");
            }
            pipe.write(b, off, len);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(pipe);
            if (!record.running()) {
                return;
            }
            try {
                containerd.blocking(TasksGrpc::newBlockingStub).closeIO(CloseIORequest.newBuilder()
                        .setContainerId(record.containerId).setExecId(record.id).setStdin(true).build());
            } catch (StatusRuntimeException e) {
                LOG.debug("exec {}: closing stdin: {}", record.id, e.getStatus());
            }
        }
    }
}
