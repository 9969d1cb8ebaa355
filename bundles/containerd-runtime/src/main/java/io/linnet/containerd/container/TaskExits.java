package io.linnet.containerd.container;

import io.grpc.StatusRuntimeException;
import io.linnet.containerd.proto.events.Envelope;
import io.linnet.containerd.proto.types.task.Process;
import io.linnet.engine.api.container.MountPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Exits of containers' tasks, from containerd's events and, at daemon start, from the tasks that
 * stopped while no daemon ran: each is recorded (state, waiters, events), the restart policy is
 * asked, {@code --rm} honoured. Tasks still running at daemon start are re-attached.
 */
final class TaskExits {

    private static final Logger LOG = LoggerFactory.getLogger(TaskExits.class);

    private final ContainerHandles handles;
    private final ContainerStore store;
    private final ContainerRunner runner;
    private final ContainerStdio stdio;
    private final ContainerNetwork network;
    private final ContainerEvents events;
    private final RestartSupervisor restarts;
    private final ContainerRemoval removal;
    private final AnonymousVolumes anonymousVolumes;
    private final Executor work;
    /** The daemon stops its containers: their exits are no reason to restart them now. */
    private volatile boolean daemonStopping;

    TaskExits(ContainerHandles handles, ContainerStore store, ContainerRunner runner, ContainerStdio stdio,
              ContainerNetwork network, ContainerEvents events, RestartSupervisor restarts, ContainerRemoval removal,
              AnonymousVolumes anonymousVolumes, Executor work) {
        this.handles = handles;
        this.store = store;
        this.runner = runner;
        this.stdio = stdio;
        this.network = network;
        this.events = events;
        this.restarts = restarts;
        this.removal = removal;
        this.anonymousVolumes = anonymousVolumes;
        this.work = work;
    }

    void daemonStopping() {
        daemonStopping = true;
    }

    /** containerd's event stream: a task exit of a container's init process is recorded off the stream's thread. */
    void onEvent(Envelope envelope) {
        if (!TaskEvents.TASK_EXIT.equals(envelope.getEvent().getTypeUrl())) {
            return;
        }
        try {
            var exit = io.linnet.containerd.proto.events.task.TaskExit.parseFrom(envelope.getEvent().getValue());
            if (exit.getId().equals(exit.getContainerId())) {
                work.execute(() -> exited(exit.getContainerId(), (int) exit.getExitStatus(),
                        TaskEvents.instant(exit.getExitedAt())));
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            LOG.warn("unreadable task exit: {}", e.getMessage());
        }
    }

    /** Records an exit: task deleted, output drained, state stored, waiters told, --rm honoured. */
    void exited(String id, int code, Instant at) {
        boolean autoRemove;
        List<MountPoint> autoRemoveMounts;
        ContainerHandle handle = handles.of(id);
        synchronized (handle.lock) {
            io.linnet.containerd.proto.containers.Container record;
            try {
                record = store.record(id);
            } catch (StatusRuntimeException e) {
                return;
            }
            if (!ContainerRecords.ours(record)) {
                return;
            }
            var live = handle.running.getAndSet(null);
            stdio.closeStdin(id);
            boolean oom = live != null && live.exit().isDone() && live.exit().getNow(null) != null
                    && live.exit().getNow(null).oomKilled();
            // The exit is recorded before the task is deleted: a daemon stopped in between finds the
            // stopped task again at its next start and records the same exit, instead of losing it.
            ContainerRecords.Stored stored = ContainerStore.stored(record);
            if (alreadyRecorded(stored, at)) {
                // the same exit told twice: by a late event and by the check after containerd came back
                LOG.debug("container {}: exit at {} recorded already", id, at);
                return;
            }
            boolean byUser = handle.stopRequested.getAndSet(false) || handle.removing;
            ContainerRecords.Stored exitedState = stored.stoppedByUser(byUser).exited(code, at, oom);
            RestartPolicy policy = ContainerStore.restartPolicy(record);
            ContainerRecords.Meta meta = ContainerStore.meta(record);
            boolean restart = !daemonStopping && !meta.autoRemove()
                    && policy.restartsAfter(code, byUser, stored.restartCount());
            try {
                store.saveState(id, restart ? exitedState.restarting() : exitedState);
            } catch (RuntimeException e) {
                LOG.warn("container {}: could not record its exit: {}", id, e.toString());
            }
            if (restart) {
                restarts.schedule(id, stored.startedAt() == null ? Duration.ZERO : Duration.between(stored.startedAt(), at));
            }
            // The task's delete (the shim waits for its output copies, then exits) runs beside the
            // drain, the exit's announcement and the network's release: none of them needs it.
            CompletableFuture<Void> taskDeleted = deleteTaskAside(id);
            if (live != null) {
                runner.drain(live);
            }
            LOG.info("container {}: exited with {}", id, code);
            events.died(record, oom, code, stored.startedAt(), at);
            stdio.endAttachments(id);
            CompletableFuture<Integer> waiter = handle.takeNextExit();
            if (waiter != null) {
                waiter.complete(code);
            }
            // after the attachments have ended: CNI DEL takes a while, a new start -a must not be ended by this exit
            network.detach(id);
            joinTaskDelete(taskDeleted);
            if (live != null) {
                runner.release(live);
            }
            autoRemoveMounts = StoredMounts.of(record);
            events.volumesUnmounted(id, autoRemoveMounts);
            autoRemove = meta.autoRemove() && !handle.removing;
            if (autoRemove) {
                try {
                    // still under the lock: no start can make a task again before the removal
                    removal.removeExited(id);
                } catch (RuntimeException e) {
                    LOG.warn("container {}: auto-remove failed: {}", id, e.toString());
                    autoRemove = false;
                }
            }
        }
        if (autoRemove) {
            try {
                anonymousVolumes.remove(id, autoRemoveMounts);
            } catch (RuntimeException e) {
                LOG.warn("container {}: auto-remove failed: {}", id, e.toString());
            }
        }
    }

    /** Tasks.Delete on another thread (on this one when the engine is stopping and takes no more work). */
    private CompletableFuture<Void> deleteTaskAside(String id) {
        try {
            return CompletableFuture.runAsync(() -> runner.deleteTask(id), work);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            runner.deleteTask(id);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Waits for the task's delete; its failure is the caller's, as when it ran in line. */
    private static void joinTaskDelete(CompletableFuture<Void> taskDeleted) {
        try {
            taskDeleted.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The exit at {@code at} is the one stored last (also when the policy has restarted the container since). */
    static boolean alreadyRecorded(ContainerRecords.Stored stored, Instant at) {
        return at.equals(stored.finishedAt());
    }

    /**
     * After containerd came back (restarted, or the event stream broke): the exits its shims saw in
     * the gap may never come as events, so each task containerd holds is asked for; the stopped ones
     * are recorded with their codes and their restart policies act. Running tasks need nothing.
     */
    void recordMissedExits() {
        try {
            int found = 0;
            for (Process p : store.tasks().values()) {
                if (p.getStatus() == io.linnet.containerd.proto.types.task.Status.STOPPED) {
                    found++;
                    exited(ContainerStore.taskId(p), p.getExitStatus(), TaskEvents.instant(p.getExitedAt()));
                }
            }
            LOG.info("containerd reconnected: {} exit(s) in the gap recorded", found);
        } catch (RuntimeException e) {
            LOG.warn("could not ask containerd for the exits in the gap: {}", e.toString());
        }
    }

    /**
     * At activation, before the engine's services are offered: every running task gets its handle
     * back (FIFOs, exit, stdin) from one task listing and the view, without a call per container,
     * so that an update of the engine bundle ends with every running container re-adopted.
     */
    void reattachRunning() {
        long started = System.nanoTime();
        int attached = 0;
        int running = 0;
        for (Process p : store.tasks().values()) {
            if (runs(p)) {
                running++;
                if (reattach(ContainerStore.taskId(p), p.getPid()) != null) {
                    attached++;
                }
            }
        }
        LOG.info("re-attached {} of {} running task(s) in {} ms", attached, running, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * After activation, in the background: record the exits of tasks that stopped while no daemon (or
     * revision) watched, check the log writers of the running ones, release the network endpoints of
     * containers without a task, and let restart policies act.
     */
    void reconcile() {
        try {
            Set<String> withTask = new HashSet<>();
            for (Process p : store.tasks().values()) {
                String id = ContainerStore.taskId(p);
                withTask.add(id);
                if (p.getStatus() == io.linnet.containerd.proto.types.task.Status.STOPPED) {
                    exited(id, p.getExitStatus(), TaskEvents.instant(p.getExitedAt()));
                } else if (runs(p)) {
                    keepLogWriter(id, reattach(id, p.getPid()));
                }
            }
            // containers whose task is gone altogether: their network endpoints go too
            store.all().stream().map(c -> c.getId()).filter(id -> !withTask.contains(id)).forEach(this::releaseIfIdle);
            restarts.startWithDaemon();
        } catch (RuntimeException e) {
            LOG.warn("could not reconcile containers with containerd: {}", e.toString());
        }
    }

    /**
     * Releases the network of a container found without a task, unless a start has given it one since
     * the listing (its namespace and endpoints are made before its task exists).
     */
    private void releaseIfIdle(String id) {
        ContainerHandle handle = handles.of(id);
        synchronized (handle.lock) {
            if (handle.running.get() == null) {
                network.detach(id);
            }
        }
    }

    private static boolean runs(Process p) {
        return p.getStatus() == io.linnet.containerd.proto.types.task.Status.RUNNING
                || p.getStatus() == io.linnet.containerd.proto.types.task.Status.PAUSED;
    }

    /** A task that runs since before this daemon (or revision) started: its handle, made now or before. */
    private ContainerRunner.RunningTask reattach(String id, int pid) {
        var record = store.viewed(id);
        if (record == null) {
            return null; // not one of Linnet's
        }
        ContainerHandle handle = handles.of(id);
        synchronized (handle.lock) {
            var live = handle.running.get();
            if (live != null) {
                return live;
            }
            try {
                live = runner.reattach(id, pid);
                handle.running.set(live);
                if (live.fifos().stdin() != null) {
                    stdio.stdinReady(id, new RandomAccessFile(live.fifos().stdin().toFile(), "rw"));
                }
                LOG.debug("container {}: re-attached to its running task, pid {}", id, pid);
                return live;
            } catch (IOException | RuntimeException e) {
                LOG.warn("container {}: could not re-attach to its output: {}", id, e.toString());
                return null;
            }
        }
    }

    private void keepLogWriter(String id, ContainerRunner.RunningTask live) {
        var record = store.viewed(id);
        if (live == null || record == null) {
            return;
        }
        try {
            runner.keepLogWriter(live, ContainerStore.logSettings(record));
        } catch (IOException | RuntimeException e) {
            LOG.warn("container {}: could not start a log writer: {}", id, e.toString());
        }
    }
}
