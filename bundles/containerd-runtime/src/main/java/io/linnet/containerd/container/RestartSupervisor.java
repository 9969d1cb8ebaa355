package io.linnet.containerd.container;

import io.grpc.StatusRuntimeException;
import io.linnet.engine.api.container.ContainerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Restart policies at work: an exited container that its policy brings back is started again
 * after dockerd's growing back-off; a user's stop or start cancels the wait; at daemon start the
 * containers the policy wants running come back.
 */
final class RestartSupervisor {

    /** Starts a container's task for the policy (not a user's start: the restart count grows). */
    @FunctionalInterface
    interface Starter {
        void start(io.linnet.containerd.proto.containers.Container record);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RestartSupervisor.class);

    private final ContainerHandles handles;
    private final ContainerStore store;
    private final ContainerEvents events;
    private final Executor work;
    private final Starter starter;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "container-restarts");
        t.setDaemon(true);
        return t;
    });

    RestartSupervisor(ContainerHandles handles, ContainerStore store, ContainerEvents events, Executor work,
                      Starter starter) {
        this.handles = handles;
        this.store = store;
        this.events = events;
        this.work = work;
        this.starter = starter;
    }

    boolean pending(String id) {
        ContainerHandle handle = handles.existing(id);
        return handle != null && handle.pendingRestart.get() != null;
    }

    void schedule(String id, Duration ranFor) {
        ContainerHandle handle = handles.of(id);
        Duration delay = handle.nextRestartDelay(ranFor);
        LOG.info("container {}: restarting in {} ms (restart policy)", id, delay.toMillis());
        handle.pendingRestart.set(timer.schedule(() -> restartNow(id), delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void restartNow(String id) {
        work.execute(() -> {
            ContainerHandle handle = handles.existing(id);
            if (handle == null || handle.pendingRestart.getAndSet(null) == null) {
                return; // stopped or removed meanwhile
            }
            try {
                starter.start(store.record(id));
                events.publish(id, "restart");
            } catch (RuntimeException e) {
                LOG.warn("container {}: restart failed: {}", id, e.toString());
            }
        });
    }

    /** Ends a wait for a policy restart; true when there was one (the container stays exited). */
    boolean cancel(String id) {
        ContainerHandle handle = handles.existing(id);
        if (handle == null) {
            return false;
        }
        ScheduledFuture<?> pending = handle.pendingRestart.getAndSet(null);
        handle.resetRestartDelay();
        if (pending == null) {
            return false;
        }
        pending.cancel(false);
        synchronized (handle.lock) {
            try {
                ContainerRecords.Stored stored = ContainerStore.stored(store.record(id));
                store.saveState(id, new ContainerRecords.Stored(ContainerState.EXITED, stored.exitCode(),
                        stored.startedAt(), stored.finishedAt(), stored.oomKilled(), stored.error(),
                        stored.restartCount(), true));
            } catch (StatusRuntimeException e) {
                LOG.debug("container {}: gone while its restart was cancelled", id);
            }
        }
        return true;
    }

    /**
     * At activation: containers whose policy wants them running come back (always; unless-stopped
     * unless a user stopped it; any that was waiting out its back-off when the daemon went away).
     */
    void startWithDaemon() {
        for (var c : store.all()) {
            if (pending(c.getId()) || store.task(c.getId()).isPresent()) {
                continue; // running, or its restart is scheduled already (an exit found just now)
            }
            ContainerRecords.Stored stored = ContainerStore.stored(c);
            boolean wanted = ContainerRecords.Stored.RESTARTING.equals(stored.status())
                    || (stored.startedAt() != null && ContainerStore.restartPolicy(c).startsWithDaemon(stored.manuallyStopped()));
            if (wanted) {
                try {
                    starter.start(c);
                } catch (RuntimeException e) {
                    LOG.warn("container {}: could not start it with the daemon: {}", c.getId(), e.toString());
                }
            }
        }
    }

    /** Containers waiting to restart are restarted by the next daemon. */
    void shutdown() {
        timer.shutdownNow();
    }
}
