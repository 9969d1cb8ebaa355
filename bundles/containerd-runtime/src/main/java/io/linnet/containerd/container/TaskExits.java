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
            if (live != null) {
                runner.delete(live);
            } else {
                runner.deleteTask(id);
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
            autoRemoveMounts = StoredMounts.of(record);
            events.volumesUnmounted(id, autoRemoveMounts);
            autoRemove = meta.autoRemove() && !handle.removing;
        }
        if (autoRemove) {
            try {
                removal.removeNow(id);
                anonymousVolumes.remove(id, autoRemoveMounts);
            } catch (RuntimeException e) {
                LOG.warn("container {}: auto-remove failed: {}", id, e.toString());
            }
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

    /** At activation: record the exits of tasks that stopped while the daemon was away. */
    void reconcile() {
        try {
            Set<String> withTask = new HashSet<>();
            for (Process p : store.tasks().values()) {
                String id = ContainerStore.taskId(p);
                withTask.add(id);
                if (p.getStatus() == io.linnet.containerd.proto.types.task.Status.STOPPED) {
                    exited(id, p.getExitStatus(), TaskEvents.instant(p.getExitedAt()));
                } else if (p.getStatus() == io.linnet.containerd.proto.types.task.Status.RUNNING
                        || p.getStatus() == io.linnet.containerd.proto.types.task.Status.PAUSED) {
                    reattach(id);
                }
            }
            // containers whose task is gone altogether: their network endpoints go too
            store.all().stream().map(c -> c.getId()).filter(id -> !withTask.contains(id)).forEach(network::detach);
            restarts.startWithDaemon();
        } catch (RuntimeException e) {
            LOG.warn("could not reconcile containers with containerd: {}", e.toString());
        }
    }

    /** A task that runs since before this daemon started: its output goes on into the log. */
    private void reattach(String id) {
        ContainerHandle handle = handles.of(id);
        synchronized (handle.lock) {
            if (handle.running.get() != null) {
                return;
            }
            try {
                var record = store.record(id);
                Process task = store.task(id).orElse(null);
                if (!ContainerRecords.ours(record) || task == null
                        || task.getStatus() == io.linnet.containerd.proto.types.task.Status.STOPPED) {
                    return;
                }
                ContainerRunner.RunningTask live = runner.reattach(id, task.getPid(), ContainerStore.logSettings(record));
                handle.running.set(live);
                if (live.fifos().stdin() != null) {
                    stdio.stdinReady(id, new RandomAccessFile(live.fifos().stdin().toFile(), "rw"));
                }
                LOG.info("container {}: re-attached to its running task, pid {}", id, task.getPid());
            } catch (IOException | RuntimeException e) {
                LOG.warn("container {}: could not re-attach to its output: {}", id, e.toString());
            }
        }
    }
}
