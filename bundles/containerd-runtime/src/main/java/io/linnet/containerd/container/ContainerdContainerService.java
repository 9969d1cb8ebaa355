package io.linnet.containerd.container;

import io.linnet.api.model.container.HostConfig;
import io.linnet.api.model.container.UpdateRequest;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.config.LiveDefaults;
import io.linnet.containerd.client.BoundedConcurrency;
import io.linnet.containerd.host.HostFacts;
import io.linnet.containerd.image.ImageRecords;
import io.linnet.containerd.image.ImageUsage;
import io.linnet.containerd.image.RunnableImages;
import io.linnet.containerd.proto.tasks.PauseTaskRequest;
import io.linnet.containerd.proto.tasks.ResizePtyRequest;
import io.linnet.containerd.proto.tasks.TasksGrpc;
import io.linnet.containerd.proto.types.task.Process;
import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotImplementedException;
import io.linnet.engine.api.NotModifiedException;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerCreate;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.container.MountPoint;
import io.linnet.engine.api.event.EventService;
import io.linnet.engine.api.network.ContainerNetworking;
import io.linnet.engine.api.volume.VolumeReferences;
import io.linnet.engine.api.volume.VolumeService;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Docker containers on containerd: one containerd container per Docker container (id = the
 * 64-hex Docker ID), its Docker metadata in labels and extensions ({@link ContainerRecords}), its
 * run state from containerd's task. This component wires the parts and runs the run-state verbs
 * (stop, kill, pause, restart, wait, attach); creation, starting, update, removal, exits and
 * restart policies are classes of their own, sharing the per-container {@link ContainerHandle}s.
 */
@Component(service = {ContainerService.class, VolumeReferences.class, ImageUsage.class})
public final class ContainerdContainerService implements ContainerService, VolumeReferences, ImageUsage {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerdContainerService.class);

    private final ContainerdConnection containerd;
    private final LiveDefaults liveDefaults;
    private final ContainerRunner runner;
    private final LogWriter logWriter;
    private final TaskEvents taskEvents;
    private final ExecutorService work = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "container-exits");
        t.setDaemon(true);
        return t;
    });
    private final ContainerHandles handles = new ContainerHandles();
    private final ContainerNames names = new ContainerNames();
    private final ContainerStore store;
    private final ContainerEvents events;
    private final ContainerNetwork network;
    private final ContainerStdio stdio;
    private final TaskSignals signals;
    private final RestartSupervisor restarts;
    private final ContainerRemoval removal;
    private final AnonymousVolumes anonymousVolumes;
    private final ContainerStarter starter;
    private final ContainerLinks links;
    private final ContainerCreation creation;
    private final ContainerUpdate updates;
    private final ContainerSizes sizes;
    private final ContainerPrune pruning;
    private final TaskExits exits;
    /** Creates and removes are the heavy requests: a bounded number at once, the others queued in turn. */
    private final BoundedConcurrency creates = new BoundedConcurrency(BoundedConcurrency.defaultLimit());
    private final BoundedConcurrency removes = new BoundedConcurrency(BoundedConcurrency.defaultLimit());

    private volatile VolumeService volumes;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventService eventService;
    /** Networking (network-cni): without it containers get an empty network namespace. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ContainerNetworking networking;

    @Activate
    public ContainerdContainerService(@Reference ContainerdConnection containerd,
            @Reference ImageRecords imageRecords, @Reference LiveDefaults liveDefaults) {
        this.containerd = containerd;
        this.liveDefaults = liveDefaults;
        RunnableImages images = new RunnableImages(containerd, imageRecords);
        this.taskEvents = new TaskEvents(containerd);
        Path execRoot = containerd.settings().execRoot();
        Path dataRoot = containerd.settings().dataRoot();
        SpecSettings specSettings = SpecSettings.ofHost(containerd.settings().defaults());
        boolean cgroupV2 = "2".equals(HostFacts.read().cgroupVersion());
        this.logWriter = new LogWriter(LogWriter.shippedBinary(), execRoot.resolve("logs"));
        this.runner = new ContainerRunner(containerd, liveDefaults::current, images, new SpecGenerator(specSettings),
                taskEvents, execRoot.resolve("containers"), dataRoot.resolve("containers"), logWriter);
        this.store = new ContainerStore(containerd, runner, handles);
        this.events = new ContainerEvents(containerd, () -> eventService, store::viewed);
        this.network = new ContainerNetwork(() -> networking, work);
        this.stdio = new ContainerStdio(handles, runner, logWriter, work);
        this.signals = new TaskSignals(containerd, runner, store, events);
        this.restarts = new RestartSupervisor(handles, store, events, work, this::startByPolicy);
        this.removal = new ContainerRemoval(handles, store, runner, network, events, signals, restarts);
        this.anonymousVolumes = new AnonymousVolumes(() -> volumes);
        this.links = new ContainerLinks(containerd, store, network);
        this.starter = new ContainerStarter(handles, store, runner, network, stdio, events, removal, anonymousVolumes,
                links);
        this.creation = new ContainerCreation(images, runner, store, names, events, () -> volumes, () -> networking,
                idOrName -> StoredMounts.of(store.find(idOrName)), anonymousVolumes, specSettings.systemPaths(),
                () -> CreateDefaults.of(liveDefaults.current(), cgroupV2));
        this.updates = new ContainerUpdate(containerd, store);
        this.sizes = new ContainerSizes(containerd);
        this.pruning = new ContainerPrune(this, () -> eventService);
        this.exits = new TaskExits(handles, store, runner, stdio, network, events, restarts, removal, anonymousVolumes, work);
        taskEvents.addListener(exits::onEvent);
        // container events refresh the view off the event stream's thread (a refresh is a Get)
        taskEvents.addListener(envelope -> {
            if (envelope.getTopic().startsWith("/containers/")) {
                work.execute(() -> store.onEvent(envelope));
            }
        });
        taskEvents.onResubscribed(() -> work.execute(() -> {
            store.rebuild();
            exits.recordMissedExits();
        }));
        taskEvents.open(Duration.ofSeconds(15));
        store.rebuild();
        exits.reattachRunning();
        work.execute(exits::reconcile);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
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
    void deactivate(org.osgi.framework.BundleContext context) {
        restarts.shutdown(); // containers waiting to restart are restarted by the next daemon
        var daemonDefaults = liveDefaults.current(); // as the last SIGHUP left them
        // only the daemon's stop stops containers: a swap of this bundle re-adopts them
        if (!daemonDefaults.liveRestore() && io.linnet.containerd.runtime.DaemonStop.inProgress(context)) {
            exits.daemonStopping(); // no policy restarts now; the next daemon starts them
            ShutdownStops.stopRunning(store, daemonDefaults.shutdownTimeout(),
                    (record, timeout) -> stopTask(record, timeout, false));
        }
        taskEvents.close();
        // with live-restore the tasks run on, and their log writers with them: the next daemon follows the same logs
        // Exits being recorded finish (they are short); the next daemon finds any later ones.
        work.shutdown();
        try {
            if (!work.awaitTermination(5, TimeUnit.SECONDS)) {
                work.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            work.shutdownNow();
        }
        // a wait still open (docker wait, the CLI's run) ends with an error body instead of hanging
        for (ContainerHandle handle : handles.all()) {
            handle.abandonWaits(new io.linnet.engine.api.UnavailableException(
                    "container " + handle.id + ": the engine stopped or was replaced while waiting; wait again"));
        }
    }

    // ---------------------------------------------------------------- create / look up / change

    @Override
    public Container create(ContainerCreate request) {
        String id = creates.call(() -> creation.create(request));
        return store.toContainer(store.find(id), null); // made just now: no task to ask containerd about
    }

    @Override
    public Container get(String idOrName) {
        var record = store.find(idOrName);
        return store.toContainer(record, store.currentTask(record.getId()).orElse(null));
    }

    @Override
    public List<Container> list() {
        Map<String, Process> tasks = store.tasks();
        List<Container> out = new ArrayList<>();
        for (var c : store.all()) {
            out.add(store.toContainer(c, tasks.get(c.getId())));
        }
        out.sort(Comparator.comparing(Container::created).reversed());
        return out;
    }

    @Override
    public Size size(String idOrName) {
        return sizes.of(store.find(idOrName));
    }

    @Override
    public PruneReport prune(io.linnet.engine.api.PruneFilter filter) {
        return pruning.prune(filter);
    }

    @Override
    public void update(String idOrName, UpdateRequest update) {
        String id = store.find(idOrName).getId();
        synchronized (handles.of(id).lock) {
            var record = store.record(id); // with its spec, which the view does not keep
            HostConfig updated = HostConfigUpdate.merge(ContainerRecords.hostConfig(record), update);
            ContainerUpdate.check(updated); // refused before anything changes
            updates.apply(record, updated);
        }
        LOG.info("container {}: updated", id);
        events.publish(id, "update");
    }

    @Override
    public void rename(String idOrName, String newName) {
        var record = store.find(idOrName);
        if (newName == null || newName.isEmpty()) {
            throw new InvalidParameterException("Neither old nor new names may be empty");
        }
        String name = ContainerNames.checked(newName);
        synchronized (names.lock) {
            if (name.equals(record.getLabelsMap().get(ContainerRecords.NAME))) {
                throw new InvalidParameterException("Renaming a container with the same name as its current name");
            }
            String holder = store.nameHolder(name);
            if (holder == null) {
                holder = names.claimant(name);
            }
            if (holder != null) {
                throw new ConflictException("Error when allocating new name: " + ContainerNames.inUse(name, holder).getMessage());
            }
            store.rename(record.getId(), name);
        }
        network.renamed(record.getId(), name);
        LOG.info("container {}: renamed to {}", record.getId(), name);
        events.publish(record.getId(), "rename",
                Map.of("oldName", record.getLabelsMap().getOrDefault(ContainerRecords.NAME, "")));
    }

    // ---------------------------------------------------------------- start / stop / kill

    @Override
    public void start(String idOrName) {
        var record = store.find(idOrName);
        restarts.cancel(record.getId());
        starter.start(record, true);
    }

    /** The restart policy's start: the restart count goes on. */
    private void startByPolicy(io.linnet.containerd.proto.containers.Container record) {
        starter.start(record, false);
    }

    @Override
    public void stop(String idOrName, Integer timeoutSeconds) {
        var record = store.find(idOrName);
        String id = record.getId();
        if (restarts.cancel(id)) {
            return; // it was waiting to restart: now it stays stopped
        }
        ContainerRecords.Meta meta = ContainerStore.meta(record);
        stopTask(record, timeoutSeconds != null ? timeoutSeconds : ShutdownStops.stopTimeout(meta), true);
    }

    /**
     * The stop signal, then SIGKILL after {@code timeout} seconds (-1: never); returns once the exit is
     * recorded. A user's stop keeps the restart policy from bringing the container back.
     */
    private void stopTask(io.linnet.containerd.proto.containers.Container record, int timeout, boolean byUser) {
        String id = record.getId();
        ContainerRecords.Meta meta = ContainerStore.meta(record);
        int signal = Signals.parse(meta.stopSignal().isEmpty() ? "SIGTERM" : meta.stopSignal());
        ContainerHandle handle = handles.of(id);
        CompletableFuture<Integer> exit;
        synchronized (handle.lock) { // a start under way ends first: the signal finds a started task
            if (!store.isRunning(id)) {
                throw new NotModifiedException("Container already stopped");
            }
            handle.stopRequested.set(byUser);
            exit = handle.nextExit();
            signals.signal(id, signal);
        }
        try {
            if (timeout < 0) {
                exit.get();
            } else {
                exit.get(timeout, TimeUnit.SECONDS);
            }
            events.publish(id, "stop");
            return;
        } catch (TimeoutException e) {
            LOG.info("container {}: did not stop within {} s of signal {}, killing it", id, timeout, signal);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        signals.signal(id, Signals.SIGKILL);
        try {
            exit.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("container " + id + " did not exit after SIGKILL", e);
        }
        events.publish(id, "stop");
    }

    @Override
    public void kill(String idOrName, String signal) {
        var record = store.find(idOrName);
        String id = record.getId();
        int number = signal == null || signal.isEmpty() ? Signals.SIGKILL : Signals.parse(signal);
        ContainerHandle handle = handles.of(id);
        String stopSignal = ContainerStore.meta(record).stopSignal();
        CompletableFuture<Integer> exit;
        synchronized (handle.lock) { // a start under way ends first: the signal finds a started task
            if (!store.isRunning(id)) {
                throw new ConflictException("Cannot kill container: " + idOrName + ": Container " + id + " is not running");
            }
            if (number == Signals.SIGKILL || number == Signals.parse(stopSignal.isEmpty() ? "SIGTERM" : stopSignal)) {
                handle.stopRequested.set(true); // as dockerd: the restart policy leaves a container killed so
            }
            exit = handle.nextExit();
            signals.signal(id, number);
        }
        if (number == Signals.SIGKILL) {
            try {
                exit.get(10, TimeUnit.SECONDS); // as dockerd: kill -9 returns once the container is gone
            } catch (Exception e) {
                LOG.warn("container {}: no exit within 10 s of SIGKILL", id);
            }
        }
    }

    @Override
    public void restart(String idOrName, Integer timeoutSeconds) {
        String id = store.find(idOrName).getId();
        try {
            stop(id, timeoutSeconds);
        } catch (NotModifiedException notRunning) {
            // restart starts a stopped container as well
        }
        start(id);
        events.publish(id, "restart");
    }

    @Override
    public void pause(String idOrName) {
        String id = store.find(idOrName).getId();
        synchronized (handles.of(id).lock) {
            var status = store.task(id).map(Process::getStatus).orElse(null);
            if (status == io.linnet.containerd.proto.types.task.Status.PAUSED) {
                throw new ConflictException("Container " + id + " is already paused");
            }
            if (status != io.linnet.containerd.proto.types.task.Status.RUNNING) {
                throw new ConflictException("Container " + id + " is not running");
            }
            runner.changeTask(() -> containerd.blocking(TasksGrpc::newBlockingStub)
                    .pause(PauseTaskRequest.newBuilder().setContainerId(id).build()));
            LOG.info("container {}: paused", id);
            events.publish(id, "pause");
        }
    }

    @Override
    public void unpause(String idOrName) {
        String id = store.find(idOrName).getId();
        synchronized (handles.of(id).lock) {
            if (!store.isPaused(id)) {
                throw new ConflictException("Container " + id + " is not paused");
            }
            signals.resume(id);
        }
    }

    @Override
    public void resize(String idOrName, int height, int width) {
        String id = store.find(idOrName).getId();
        if (!store.isRunning(id)) {
            throw new ConflictException("Container " + id + " is not running");
        }
        if (height < 0 || width < 0) {
            throw new InvalidParameterException("invalid terminal size " + height + "x" + width);
        }
        containerd.blocking(TasksGrpc::newBlockingStub).resizePty(ResizePtyRequest.newBuilder().setContainerId(id)
                .setHeight(height).setWidth(width).build());
        events.publish(id, "resize", Map.of("height", String.valueOf(height), "width", String.valueOf(width)));
    }

    // ---------------------------------------------------------------- remove / wait

    @Override
    public void remove(String idOrName, boolean force, boolean anonymousVolumesToo) {
        var record = store.find(idOrName);
        String id = record.getId();
        List<MountPoint> mounts = StoredMounts.of(record);
        removes.run(() -> {
            removal.remove(id, force);
            if (anonymousVolumesToo) {
                anonymousVolumes.remove(id, mounts);
            }
        });
    }

    @Override
    public void removeLink(String linkName) {
        links.remove(linkName);
        LOG.info("link {} removed", linkName);
    }

    @Override
    public Set<String> containersUsing(String volumeName) {
        return store.usingVolume(volumeName);
    }

    @Override
    public boolean usedByContainer(String imageId) {
        return store.usesImage(imageId);
    }

    @Override
    public CompletionStage<Integer> wait(String idOrName, WaitCondition condition) {
        String id = store.find(idOrName).getId();
        ContainerHandle handle = handles.of(id);
        switch (condition) {
            case REMOVED -> {
                return handle.removed();
            }
            case NEXT_EXIT -> {
                return handle.nextExit();
            }
            default -> {
                // under the container's lock: an exit is either fully recorded or its task still exists
                synchronized (handle.lock) {
                    if (store.task(id).isPresent()) {
                        return handle.nextExit();
                    }
                    return CompletableFuture.completedFuture(get(id).state().exitCode());
                }
            }
        }
    }

    // ---------------------------------------------------------------- logs / attach

    @Override
    public void logs(String idOrName, LogOptions options, LogSink sink) throws IOException {
        var record = store.find(idOrName);
        String id = record.getId();
        if (!ContainerStore.logSettings(record).keeps()) {
            throw new NotImplementedException("configured logging driver does not support reading");
        }
        // more may come as long as the task's log writer runs: it ends once it has written the task's last output
        LogFileReader.read(runner.logPath(id), options, sink, () -> logWriter.running(id));
    }

    @Override
    public Attachment attach(String idOrName, boolean stdin, boolean stdout, boolean stderr, LogSink sink) {
        var record = store.find(idOrName);
        events.publish(record.getId(), "attach");
        return stdio.attach(record.getId(), ContainerStore.meta(record).openStdin(), stdin, stdout, stderr, sink);
    }
}
