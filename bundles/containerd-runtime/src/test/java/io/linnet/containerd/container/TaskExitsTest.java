package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linnet.engine.api.container.ContainerState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskExitsTest {

    private static final Instant STARTED = Instant.parse("2026-01-01T00:00:00.100000001Z");
    private static final Instant EXITED = Instant.parse("2026-01-01T00:00:05.123456789Z");

    @Test
    void anExitToldTwiceIsRecordedOnceEvenAfterThePolicyRestartedTheContainer() {
        var exited = new ContainerRecords.Stored(ContainerState.EXITED, 137, STARTED, EXITED, false, "", 0);
        assertTrue(TaskExits.alreadyRecorded(exited, EXITED), "the event after the check that recorded it");
        assertTrue(TaskExits.alreadyRecorded(exited.restarting(), EXITED));
        var restarted = new ContainerRecords.Stored(ContainerState.RUNNING, 0, EXITED.plusMillis(200), EXITED, false, "", 1);
        assertTrue(TaskExits.alreadyRecorded(restarted, EXITED), "the restarted task is not ended by its predecessor's exit");
        assertFalse(TaskExits.alreadyRecorded(restarted, EXITED.plusSeconds(3)), "its own exit counts");
        var running = new ContainerRecords.Stored(ContainerState.RUNNING, 0, STARTED, null, false, "", 0);
        assertFalse(TaskExits.alreadyRecorded(running, EXITED));
    }
}
