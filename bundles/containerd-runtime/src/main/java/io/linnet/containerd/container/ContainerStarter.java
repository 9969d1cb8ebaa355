package io.linnet.containerd.container;

import io.grpc.StatusRuntimeException;
import io.linnet.containerd.proto.containers.Container;
import io.linnet.engine.api.ConflictException;
import io.linnet.engine.api.EngineException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotModifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.time.Instant;

/**
 * Starts a created or stopped container's task: network prepared before (its CNI ADD beside the
 * task's create when networking made the namespace), attached once the task has a pid, stdio
 * connected; a start that fails is recorded on the container as dockerd does (its exit code, and
 * removal for {@code --rm}).
 */
final class ContainerStarter {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerStarter.class);

    private final ContainerHandles handles;
    private final ContainerStore store;
    private final ContainerRunner runner;
    private final ContainerNetwork network;
    private final ContainerStdio stdio;
    private final ContainerEvents events;
    private final ContainerRemoval removal;
    private final AnonymousVolumes anonymousVolumes;
    private final ContainerLinks links;

    ContainerStarter(ContainerHandles handles, ContainerStore store, ContainerRunner runner, ContainerNetwork network,
            ContainerStdio stdio, ContainerEvents events, ContainerRemoval removal, AnonymousVolumes anonymousVolumes,
            ContainerLinks links) {
        this.links = links;
        this.handles = handles;
        this.store = store;
        this.runner = runner;
        this.network = network;
        this.stdio = stdio;
        this.events = events;
        this.removal = removal;
        this.anonymousVolumes = anonymousVolumes;
    }

    /** @param byUser a user's start (restart count reset) rather than the restart policy's */
    void start(Container record, boolean byUser) {
        String id = record.getId();
        ContainerHandle handle = handles.of(id);
        synchronized (handle.lock) {
            if (handle.removing) {
                throw new ConflictException("container is marked for removal and cannot be started");
            }
            var existing = store.task(id); // one Tasks.Get answers both
            if (existing.map(ContainerStore::live).orElse(false)) {
                throw new NotModifiedException("Container already started");
            }
            if (existing.isPresent()) {
                runner.deleteTask(id); // a stopped task left behind
            }
            ContainerRecords.Stored stored = ContainerStore.stored(record);
            ContainerRecords.Meta meta = ContainerStore.meta(record);
            ContainerNetwork.Attaching attaching = null;
            try {
                links.beforeStart(record);
                attaching = network.prepare(id); // CNI ADD may now run beside the task's create
                ContainerNetwork.Attaching net = attaching;
                ContainerRunner.RunningTask task = runner.start(id, ContainerStore.logSettings(record),
                        meta.openStdin(), meta.tty(),
                        pid -> {
                            stdio.connectAttachments(id);
                            net.created(pid);
                            events.volumesMounted(id, StoredMounts.of(record)); // after connect, as dockerd
                        });
                handle.running.set(task);
                if (meta.openStdin()) {
                    stdio.stdinReady(id, new RandomAccessFile(task.fifos().stdin().toFile(), "rw"));
                }
                store.saveState(id, byUser ? stored.startedByUser(Instant.now()) : stored.started(Instant.now()));
                LOG.info("container {}: started, pid {}", id, task.pid());
                events.publish(id, "start");
            } catch (IOException | RuntimeException e) {
                String message = e instanceof StatusRuntimeException s ? s.getStatus().getDescription() : e.getMessage();
                StartFailure failure = StartFailure.of(meta.path(), String.valueOf(message));
                if (attaching != null) {
                    attaching.settle();
                }
                network.detach(id);
                try {
                    store.saveState(id, stored.failed(String.valueOf(message), failure.exitCode()));
                } catch (RuntimeException ignored) {
                    // the start error matters more
                }
                if (meta.autoRemove()) {
                    try {
                        removal.removeNow(id); // as dockerd: a --rm container that cannot start is removed
                        anonymousVolumes.remove(id, StoredMounts.of(record));
                    } catch (RuntimeException failed) {
                        LOG.warn("container {}: removal after a failed start failed: {}", id, failed.toString());
                    }
                }
                if (e instanceof EngineException ee) {
                    throw ee;
                }
                if (failure.callerError()) {
                    throw new InvalidParameterException(failure.message());
                }
                throw new IllegalStateException(failure.message(), e);
            }
        }
    }
}
