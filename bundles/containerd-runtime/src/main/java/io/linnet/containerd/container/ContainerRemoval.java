package io.linnet.containerd.container;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linnet.engine.api.ConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code docker rm} (and {@code --rm}): a running container killed first when forced, then task, snapshot, record, logs. */
final class ContainerRemoval {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerRemoval.class);

    private final ContainerHandles handles;
    private final ContainerStore store;
    private final ContainerRunner runner;
    private final ContainerNetwork network;
    private final ContainerEvents events;
    private final TaskSignals signals;
    private final RestartSupervisor restarts;

    ContainerRemoval(ContainerHandles handles, ContainerStore store, ContainerRunner runner, ContainerNetwork network,
                     ContainerEvents events, TaskSignals signals, RestartSupervisor restarts) {
        this.handles = handles;
        this.store = store;
        this.runner = runner;
        this.network = network;
        this.events = events;
        this.signals = signals;
        this.restarts = restarts;
    }

    void remove(String id, boolean force) {
        if (restarts.pending(id)) {
            if (!force) {
                throw new ConflictException("You cannot remove a restarting container " + id
                        + ". Stop the container before attempting removal or force remove");
            }
            restarts.cancel(id);
        }
        ContainerHandle handle = handles.of(id);
        CompletableFuture<Integer> exit = null;
        boolean hasTask;
        synchronized (handle.lock) { // a start under way ends first: SIGKILL finds a started task, not a half-made one
            var task = store.currentTask(id);
            // no task now means none until the removal ends: starts are refused from here on
            hasTask = task.isPresent() || handle.running.get() != null;
            if (task.map(ContainerStore::live).orElse(false)) {
                if (!force) {
                    throw new ConflictException("You cannot remove a running container " + id
                            + ". Stop the container before attempting removal or force remove");
                }
                handle.stopRequested.set(true);
                exit = handle.nextExit();
                signals.signal(id, Signals.SIGKILL);
            }
            handle.removing = true; // from here on a start is refused, as dockerd's "marked for removal"
        }
        try {
            if (exit != null) {
                try {
                    exit.get(15, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("container {}: no exit within 15 s of SIGKILL; removing anyway", id);
                }
            }
            removeNow(id, hasTask);
        } finally {
            handle.removing = false;
        }
    }

    /** Removes a container that runs no more: task, snapshot and record, its network records and its logs. */
    void removeNow(String id) {
        removeNow(id, true);
    }

    /**
     * {@link #removeNow} of a container whose exit the caller has just recorded, holding its lock:
     * its task is deleted already (no second Tasks.Delete).
     */
    void removeExited(String id) {
        removeNow(id, false);
    }

    /** @param hasTask false when its task is known gone: deleted at its exit, or none seen since starts were refused */
    private void removeNow(String id, boolean hasTask) {
        ContainerHandle handle = handles.of(id);
        synchronized (handle.lock) {
            var record = store.viewed(id); // the view's record is current: every write of the daemon's goes through it
            Map<String, String> destroyed = events.attributes(id);
            var live = handle.running.get();
            if (live != null) {
                runner.delete(live);
                handle.running.set(null); // not before: if the delete failed, the exit still finds the task's FIFOs
            } else if (hasTask) {
                runner.deleteTask(id);
            }
            int code = 0;
            try {
                code = ContainerStore.stored(record != null ? record : store.record(id)).exitCode();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                    return; // removed already
                }
            }
            runner.remove(id);
            store.removed(id);
            network.forget(id);
            deleteTree(runner.logDir(id));
            handles.forget(id);
            LOG.info("container {}: removed", id);
            events.publishWith(id, "destroy", destroyed, Map.of());
            CompletableFuture<Integer> waiter = handle.takeRemoved();
            if (waiter != null) {
                waiter.complete(code);
            }
        }
    }

    /** The container's log directory: the daemon's own files, under its data root. */
    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // not there
        }
    }
}
