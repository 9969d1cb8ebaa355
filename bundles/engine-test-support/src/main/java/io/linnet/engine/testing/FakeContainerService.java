package io.linnet.engine.testing;

import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.container.HostConfig;
import io.linnet.api.model.container.UpdateRequest;
import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.NotModifiedException;
import io.linnet.engine.api.PruneFilter;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerCreate;
import io.linnet.engine.api.container.ContainerName;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.container.ContainerState;
import io.linnet.engine.api.image.Image;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Containers in a map, with the real service's lookups (ID, unique prefix, name) and its errors,
 * word for word. Nothing runs: start and stop only change the state, and the log holds what a
 * test {@link #log wrote}.
 */
public final class FakeContainerService implements ContainerService {
    private final FakeImageService images;
    private final Map<String, Container> containers = new LinkedHashMap<>();
    private final Map<String, List<LogLine>> logs = new LinkedHashMap<>();
    private final Map<String, Size> sizes = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<Integer>> exits = new LinkedHashMap<>();
    /** The last update per container ID, as the engine received it. */
    private final Map<String, UpdateRequest> updates = new LinkedHashMap<>();
    private volatile boolean cgroupV2 = true;
    private final Ids ids = new Ids("container");
    private Instant clock = Instant.parse("2024-01-02T03:04:05Z");

    public FakeContainerService(FakeImageService images) {
        this.images = images;
    }

    /** The host's cgroup version, which decides the stored CgroupnsMode ({@link FakeSystemService} sets it). */
    void cgroupV2(boolean value) {
        cgroupV2 = value;
    }

    /** Forgets every container, log, size and pending wait. */
    public synchronized void reset() {
        containers.clear();
        logs.clear();
        sizes.clear();
        exits.clear();
        updates.clear();
    }

    @Override
    public synchronized Container create(ContainerCreate request) {
        String name = request.name() == null || request.name().isEmpty() ? null : request.name();
        if (name != null) {
            ContainerName.checked(name);
        }
        Image image = images.inspect(request.image());
        String id = ids.next();
        String slashed = "/" + (name == null ? "fake_" + id.substring(0, 6) : name.replaceFirst("^/", ""));
        for (Container c : containers.values()) {
            if (c.name().equals(slashed)) {
                throw new ConflictException("Conflict. The container name \"" + slashed
                        + "\" is already in use by container \"" + c.id()
                        + "\". You have to remove (or rename) that container to be able to reuse that name.");
            }
        }
        ContainerConfig config = request.config();
        List<String> command = new ArrayList<>(config.entrypoint() == null ? List.of() : config.entrypoint());
        command.addAll(config.cmd() == null ? List.of() : config.cmd());
        clock = clock.plusSeconds(1);
        HostConfig host = stored(request.hostConfig());
        Container c = new Container(id, slashed, request.image(), image.id(), clock,
                command.isEmpty() ? "" : command.get(0), command.isEmpty() ? List.of() : command.subList(1, command.size()),
                config.labels(), config, host, config.tty(), config.openStdin(), host.autoRemove(),
                ContainerState.created(), 0, "", List.of());
        containers.put(id, c);
        return c;
    }

    /** Adds a container as it would be after create, named {@code name} (without the slash). */
    public Container add(String name, String image) {
        ContainerConfig config = new ContainerConfig("", "", "", false, false, false, null, false, false, false, null,
                List.of("sh"), null, null, image, null, "", null, null, null, null, null, null, null, null);
        return create(new ContainerCreate(name, config, null, Map.of()));
    }

    @Override
    public synchronized Container get(String idOrName) {
        return containers.get(resolve(idOrName));
    }

    @Override
    public synchronized List<Container> list() {
        List<Container> newestFirst = new ArrayList<>(containers.values());
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public synchronized void start(String idOrName) {
        Container c = get(idOrName);
        if (c.state().running()) {
            throw new NotModifiedException("Container already started");
        }
        clock = clock.plusSeconds(1);
        put(c, new ContainerState("running", true, false, 4242, 0, false, "", clock, c.state().finishedAt()));
    }

    @Override
    public synchronized void stop(String idOrName, Integer timeoutSeconds) {
        Container c = get(idOrName);
        if (!c.state().running()) {
            throw new NotModifiedException("Container already stopped");
        }
        exited(c, 0);
    }

    @Override
    public synchronized void kill(String idOrName, String signal) {
        Container c = get(idOrName);
        if (!c.state().running()) {
            throw new ConflictException("Cannot kill container: " + idOrName + ": Container " + c.id() + " is not running");
        }
        exited(c, 137);
    }

    @Override
    public synchronized Size size(String idOrName) {
        return sizes.getOrDefault(resolve(idOrName), new Size(0, 0));
    }

    /** The real service's choice (not running, accepted by the filter); no event. */
    @Override
    public synchronized PruneReport prune(PruneFilter filter) {
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Container c : List.copyOf(containers.values())) {
            if (!c.state().running() && filter.accepts(c.created(), c.labels())) {
                reclaimed += size(c.id()).rw();
                remove(c.id(), false, false);
                deleted.add(c.id());
            }
        }
        return new PruneReport(deleted, reclaimed);
    }

    /** What {@code size} answers for the container from now on. */
    public synchronized void setSize(String idOrName, long rw, long rootFs) {
        sizes.put(resolve(idOrName), new Size(rw, rootFs));
    }

    @Override
    public synchronized void update(String idOrName, UpdateRequest update) {
        Container c = get(idOrName);
        updates.put(c.id(), update);
        // the fake merges only what tests change: Memory and the restart policy
        HostConfig.Builder host = c.hostConfig().toBuilder();
        if (update.resources().memory() != 0) {
            host.resources(c.hostConfig().resources().toBuilder().memory(update.resources().memory()).build());
        }
        if (!update.restartPolicy().name().isEmpty()) {
            host.restartPolicy(update.restartPolicy());
        }
        containers.put(c.id(), copy(c, c.name(), host.build(), c.state()));
    }

    /** The update the engine received last, or null. */
    public synchronized UpdateRequest lastUpdate(String idOrName) {
        return updates.get(resolve(idOrName));
    }

    @Override
    public synchronized void restart(String idOrName, Integer timeoutSeconds) {
        Container c = get(idOrName);
        if (c.state().running()) {
            exited(c, 0);
        }
        start(c.id());
    }

    @Override
    public synchronized void pause(String idOrName) {
        Container c = get(idOrName);
        if (c.state().paused()) {
            throw new ConflictException("Container " + c.id() + " is already paused");
        }
        if (!c.state().running()) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
        ContainerState s = c.state();
        put(c, new ContainerState("paused", true, true, s.pid(), 0, false, "", s.startedAt(), s.finishedAt()));
    }

    @Override
    public synchronized void unpause(String idOrName) {
        Container c = get(idOrName);
        if (!c.state().paused()) {
            throw new ConflictException("Container " + c.id() + " is not paused");
        }
        ContainerState s = c.state();
        put(c, new ContainerState("running", true, false, s.pid(), 0, false, "", s.startedAt(), s.finishedAt()));
    }

    @Override
    public synchronized void rename(String idOrName, String newName) {
        Container c = get(idOrName);
        if (newName == null || newName.isEmpty()) {
            throw new InvalidParameterException("Neither old nor new names may be empty");
        }
        String name = ContainerName.checked(newName);
        for (Container other : containers.values()) {
            if (other.name().equals(name)) {
                throw new ConflictException("Error when allocating new name: Conflict. The container name \"" + name
                        + "\" is already in use by container \"" + other.id()
                        + "\". You have to remove (or rename) that container to be able to reuse that name.");
            }
        }
        containers.put(c.id(), copy(c, name, c.hostConfig(), c.state()));
    }

    @Override
    public synchronized void resize(String idOrName, int height, int width) {
        Container c = get(idOrName);
        if (!c.state().running()) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
    }

    @Override
    public synchronized void remove(String idOrName, boolean force, boolean anonymousVolumes) {
        Container c = get(idOrName);
        if (c.state().running() && !force) {
            throw new ConflictException("You cannot remove a running container " + c.id()
                    + ". Stop the container before attempting removal or force remove");
        }
        containers.remove(c.id());
        CompletableFuture<Integer> waiting = exits.remove(c.id());
        if (waiting != null) {
            waiting.complete(c.state().exitCode());
        }
    }

    @Override
    public synchronized CompletionStage<Integer> wait(String idOrName, WaitCondition condition) {
        Container c = get(idOrName);
        if (condition == WaitCondition.NOT_RUNNING && !c.state().running()) {
            return CompletableFuture.completedFuture(c.state().exitCode());
        }
        return exit(c.id());
    }

    @Override
    public void logs(String idOrName, LogOptions options, LogSink sink) {
        List<LogLine> lines;
        synchronized (this) {
            lines = List.copyOf(logs.getOrDefault(resolve(idOrName), List.of()));
        }
        int from = options.tail() < 0 ? 0 : Math.max(0, lines.size() - options.tail());
        for (LogLine line : lines.subList(from, lines.size())) {
            boolean wanted = line.stream().equals("stderr") ? options.stderr() : options.stdout();
            if (wanted && !sink.accept(line.stream(), line.timeNanos(), line.text().getBytes(StandardCharsets.UTF_8))) {
                return;
            }
        }
    }

    /** Appends a line to the container's log ({@code stream} "stdout" or "stderr"). */
    public synchronized void log(String idOrName, String stream, Instant time, String text) {
        logs.computeIfAbsent(resolve(idOrName), k -> new ArrayList<>())
                .add(new LogLine(stream, time.getEpochSecond() * 1_000_000_000L + time.getNano(), text));
    }

    @Override
    public Attachment attach(String idOrName, boolean stdin, boolean stdout, boolean stderr, LogSink sink) {
        get(idOrName);
        return new Attachment() {
            @Override
            public CompletionStage<Void> done() {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public OutputStream stdin() {
                return OutputStream.nullOutputStream();
            }

            @Override
            public void close() {
            }
        };
    }

    /** The container's ID for a full ID, a unique prefix or a name, as the real service resolves them. */
    private String resolve(String idOrName) {
        if (idOrName != null && !idOrName.isEmpty()) {
            if (containers.containsKey(idOrName)) {
                return idOrName;
            }
            String slashed = idOrName.startsWith("/") ? idOrName : "/" + idOrName;
            for (Container c : containers.values()) {
                if (c.name().equals(slashed)) {
                    return c.id();
                }
            }
            List<String> prefixed = containers.keySet().stream().filter(id -> id.startsWith(idOrName)).toList();
            if (prefixed.size() == 1) {
                return prefixed.get(0);
            }
        }
        throw new NotFoundException("No such container: " + idOrName);
    }

    private void exited(Container c, int code) {
        clock = clock.plusSeconds(1);
        put(c, new ContainerState("exited", false, false, 0, code, false, "", c.state().startedAt(), clock));
        exit(c.id()).complete(code);
        exits.remove(c.id());
    }

    private CompletableFuture<Integer> exit(String id) {
        return exits.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    private void put(Container c, ContainerState state) {
        containers.put(c.id(), copy(c, c.name(), c.hostConfig(), state));
    }

    /** A few of the engine's create defaults, those the endpoint tests read back. */
    private HostConfig stored(HostConfig sent) {
        HostConfig host = sent == null ? HostConfig.zero() : sent;
        return host.toBuilder().networkMode(host.networkMode().isEmpty() ? "default" : host.networkMode())
                .cgroupnsMode(host.cgroupnsMode().isEmpty() ? (cgroupV2 ? "private" : "host") : host.cgroupnsMode())
                .build();
    }

    private static Container copy(Container c, String name, HostConfig hostConfig, ContainerState state) {
        return new Container(c.id(), name, c.image(), c.imageId(), c.created(), c.path(), c.args(), c.labels(),
                c.config(), hostConfig, c.tty(), c.openStdin(), c.autoRemove(), state, c.restartCount(),
                c.logPath(), c.mounts());
    }

    private record LogLine(String stream, long timeNanos, String text) {
    }
}
