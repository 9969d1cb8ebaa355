package io.linnet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostStopActionsTest {

    @Test
    void runsEachOpenStreamsActionOnceAndForgetsEndedOnes() {
        HostStopActions actions = new HostStopActions();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        actions.add(open::incrementAndGet);
        Runnable undo = actions.add(ended::incrementAndGet);
        undo.run(); // that stream ended by itself
        assertEquals(1, actions.size());
        assertEquals(1, actions.runAll());
        assertEquals(0, actions.runAll());
        assertEquals(1, open.get());
        assertEquals(0, ended.get());
        // a stream that starts while the host stops ends at once
        actions.add(open::incrementAndGet);
        assertEquals(2, open.get());
    }
}
