package io.linnet.containerd.container;

import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.proto.tasks.ResumeTaskRequest;
import io.linnet.containerd.proto.tasks.TasksGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** Signals to a container's task, and thawing a paused one, with dockerd's events. */
final class TaskSignals {

    private static final Logger LOG = LoggerFactory.getLogger(TaskSignals.class);

    private final ContainerdConnection containerd;
    private final ContainerRunner runner;
    private final ContainerStore store;
    private final ContainerEvents events;

    TaskSignals(ContainerdConnection containerd, ContainerRunner runner, ContainerStore store, ContainerEvents events) {
        this.containerd = containerd;
        this.runner = runner;
        this.store = store;
        this.events = events;
    }

    /** Sends a signal; a paused container is thawed after a stop or kill signal, so that it lands (as dockerd). */
    void signal(String id, int number) {
        runner.kill(id, number);
        events.publish(id, "kill", Map.of("signal", String.valueOf(number)));
        if ((number == Signals.SIGKILL || number == Signals.SIGTERM) && store.isPaused(id)) {
            resume(id);
        }
    }

    void resume(String id) {
        runner.changeTask(() -> containerd.blocking(TasksGrpc::newBlockingStub)
                .resume(ResumeTaskRequest.newBuilder().setContainerId(id).build()));
        LOG.info("container {}: unpaused", id);
        events.publish(id, "unpause");
    }
}
