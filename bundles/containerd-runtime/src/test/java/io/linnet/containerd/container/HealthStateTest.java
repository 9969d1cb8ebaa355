package io.linnet.containerd.container;

import io.linnet.engine.api.container.ContainerHealth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HealthStateTest {

    private static final Instant STARTED = Instant.parse("2026-01-01T00:00:00Z");

    private static ContainerHealth.Result result(int secondsAfterStart, int code) {
        Instant start = STARTED.plusSeconds(secondsAfterStart);
        return new ContainerHealth.Result(start, start.plusMillis(10), code, "");
    }

    @Test
    void healthyThenUnhealthyAfterRetries() {
        HealthState s = new HealthState(STARTED, Duration.ZERO, 2);
        assertEquals("starting", s.snapshot().status());
        assertEquals("healthy", s.record(result(1, 0)));
        assertNull(s.record(result(2, 0)), "no change, no event");
        assertNull(s.record(result(3, 1)));
        assertEquals(1, s.snapshot().failingStreak());
        assertEquals("unhealthy", s.record(result(4, 1)));
        assertEquals(2, s.snapshot().failingStreak());
        assertEquals("healthy", s.record(result(5, 0)));
        assertEquals(0, s.snapshot().failingStreak());
    }

    @Test
    void failuresInTheStartPeriodDoNotCountWhileStarting() {
        HealthState s = new HealthState(STARTED, Duration.ofSeconds(10), 1);
        assertNull(s.record(result(1, 1)));
        assertEquals(0, s.snapshot().failingStreak());
        assertEquals("starting", s.snapshot().status());
        assertEquals("unhealthy", s.record(result(11, 1)));
    }

    @Test
    void aRestartStartsOverButKeepsTheLog() {
        HealthState s = new HealthState(STARTED, Duration.ZERO, 1);
        assertEquals("unhealthy", s.record(result(1, 1)));
        s.restarted(STARTED.plusSeconds(60), Duration.ZERO, 1);
        assertEquals("starting", s.snapshot().status());
        assertEquals(0, s.snapshot().failingStreak());
        assertEquals(1, s.snapshot().log().size());
    }

    @Test
    void keepsTheLastFiveResults() {
        HealthState s = new HealthState(STARTED, Duration.ZERO, 3);
        for (int i = 0; i < 7; i++) {
            s.record(result(i, 0));
        }
        assertEquals(5, s.snapshot().log().size());
        assertEquals(STARTED.plusSeconds(2), s.snapshot().log().get(0).start());
    }

    @Test
    void outputIsCutAt4096Bytes() throws Exception {
        HealthMonitor.LimitedOutput out = new HealthMonitor.LimitedOutput();
        out.write(new byte[3000], 0, 3000);
        out.write(new byte[3000], 0, 3000);
        assertEquals(4096, out.text().length());
    }

    @Test
    void keptHealthComesBackAsItWasForTheSameRun() {
        HealthState s = new HealthState(STARTED, Duration.ZERO, 1);
        s.record(new ContainerHealth.Result(STARTED, STARTED.plusMillis(5), 0, "fine\n"));
        String json = HealthStore.json(STARTED, s.snapshot());
        HealthStore.Kept kept = HealthStore.parse(json);
        assertEquals(STARTED, kept.startedAt());
        HealthState resumed = HealthState.resumed(kept.startedAt(), Duration.ZERO, 1, kept.health());
        assertEquals(s.snapshot(), resumed.snapshot());
        assertEquals(ContainerHealth.HEALTHY, resumed.snapshot().status(), "not starting again after a daemon restart");
    }
}
