package io.linnet.containerd.container;

import io.linnet.engine.api.InvalidParameterException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestartPolicyTest {

    static io.linnet.api.model.container.HostConfig host(String json) {
        try {
            return ContainerRecords.MAPPER.readValue(json, io.linnet.api.model.container.HostConfig.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RestartPolicy policy(String name, int max) {
        return RestartPolicy.of(host("{\"RestartPolicy\":{\"Name\":\"" + name + "\",\"MaximumRetryCount\":" + max + "}}"));
    }

    @Test
    void dockerdsRules() {
        assertFalse(policy("no", 0).restartsAfter(1, false, 0));
        assertTrue(policy("always", 0).restartsAfter(0, false, 99));
        assertFalse(policy("always", 0).restartsAfter(0, true, 0), "a user's stop is final");
        assertTrue(policy("on-failure", 2).restartsAfter(3, false, 1));
        assertFalse(policy("on-failure", 2).restartsAfter(3, false, 2), "max reached");
        assertFalse(policy("on-failure", 0).restartsAfter(0, false, 0), "success is no failure");
        assertTrue(policy("on-failure", 0).restartsAfter(1, false, 1000), "0: no maximum");
        assertTrue(policy("always", 0).startsWithDaemon(true));
        assertFalse(policy("unless-stopped", 0).startsWithDaemon(true));
        assertTrue(policy("unless-stopped", 0).startsWithDaemon(false));
        assertFalse(policy("on-failure", 0).startsWithDaemon(false));
        assertEquals(RestartPolicy.NO, RestartPolicy.of(host("{}")));
    }

    @Test
    void backOffDoublesUpToAMinuteAndResetsAfterTenSecondsOfRunning() {
        Duration d = RestartPolicy.nextDelay(null, Duration.ZERO);
        assertEquals(Duration.ofMillis(100), d);
        d = RestartPolicy.nextDelay(d, Duration.ofSeconds(1));
        assertEquals(Duration.ofMillis(200), d);
        for (int i = 0; i < 20; i++) {
            d = RestartPolicy.nextDelay(d, Duration.ZERO);
        }
        assertEquals(Duration.ofMinutes(1), d);
        assertEquals(Duration.ofMillis(100), RestartPolicy.nextDelay(d, Duration.ofSeconds(10)));
    }

    @Test
    void refusals() {
        assertThrows(InvalidParameterException.class, () -> policy("sometimes", 0));
        assertThrows(InvalidParameterException.class, () -> policy("always", 3));
        assertThrows(InvalidParameterException.class, () -> policy("on-failure", -1));
        assertEquals("can't create 'AutoRemove' container with restart policy",
                assertThrows(InvalidParameterException.class, () -> RestartPolicy.of(host(
                        "{\"AutoRemove\":true,\"RestartPolicy\":{\"Name\":\"always\"}}"))).getMessage());
    }
}
