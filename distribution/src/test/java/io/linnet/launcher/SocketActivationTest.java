package io.linnet.launcher;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** -H fd:// takes the one socket systemd passed to this very process, as dockerd's activation.Listeners. */
class SocketActivationTest {
    @Test
    void oneSocketForThisProcess() {
        assertDoesNotThrow(() -> SocketActivation.check(Map.of("LISTEN_FDS", "1", "LISTEN_PID", "42"), 42));
    }

    @Test
    void refusedWithoutSystemdOrForAnotherProcessOrSeveralSockets() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SocketActivation.check(Map.of(), 42))
                .getMessage().startsWith("no sockets found via socket activation"));
        assertThrows(IllegalArgumentException.class,
                () -> SocketActivation.check(Map.of("LISTEN_FDS", "1", "LISTEN_PID", "7"), 42));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SocketActivation.check(Map.of("LISTEN_FDS", "2", "LISTEN_PID", "42"), 42))
                .getMessage().contains("one socket"));
    }
}
