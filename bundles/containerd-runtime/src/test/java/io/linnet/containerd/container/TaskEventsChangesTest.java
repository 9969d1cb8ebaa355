package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.linnet.containerd.proto.events.Envelope;
import io.linnet.containerd.proto.events.task.TaskExit;
import org.junit.jupiter.api.Test;

/** Which containerd events make remembered task answers stale: an exec's do not. */
class TaskEventsChangesTest {

    private static Envelope event(String topic, String type, Message body) {
        return Envelope.newBuilder().setTopic(topic)
                .setEvent(Any.newBuilder().setTypeUrl(type).setValue(body.toByteString())).build();
    }

    private static Envelope exit(String containerId, String processId) {
        return event("/tasks/exit", TaskEvents.TASK_EXIT,
                TaskExit.newBuilder().setContainerId(containerId).setId(processId).setExitStatus(0).build());
    }

    @Test
    void theInitProcessChangesTheTaskAnExecDoesNot() {
        assertTrue(TaskEvents.changesATask(exit("c1", "c1")), "the container's own exit");
        assertFalse(TaskEvents.changesATask(exit("c1", "exec1")), "an exec's exit");
        assertFalse(TaskEvents.changesATask(event("/tasks/exec-added", "containerd.events.TaskExecAdded",
                TaskExit.getDefaultInstance())));
        assertFalse(TaskEvents.changesATask(event("/tasks/exec-started", "containerd.events.TaskExecStarted",
                TaskExit.getDefaultInstance())));
        for (String topic : new String[] {"/tasks/create", "/tasks/start", "/tasks/delete", "/tasks/paused",
                "/tasks/resumed", "/tasks/oom"}) {
            assertTrue(TaskEvents.changesATask(event(topic, "containerd.events.Whatever", TaskExit.getDefaultInstance())),
                    topic);
        }
        assertFalse(TaskEvents.changesATask(event("/containers/update", "containerd.events.ContainerUpdate",
                TaskExit.getDefaultInstance())));
    }
}
