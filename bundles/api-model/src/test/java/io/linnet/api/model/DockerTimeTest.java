package io.linnet.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DockerTimeTest {
    private final Instant now = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void formatsLikeGoRfc3339Nano() {
        assertEquals("2022-02-04T21:20:12.4977948Z", DockerTime.rfc3339Nano(Instant.parse("2022-02-04T21:20:12.497794800Z")));
        assertEquals("2022-02-04T21:20:00Z", DockerTime.rfc3339Nano(Instant.parse("2022-02-04T21:20:00Z")));
        assertEquals("0001-01-01T00:00:00Z", DockerTime.rfc3339Nano(null));
    }

    @Test
    void parsesEveryFormTheCliSends() {
        assertEquals(Instant.ofEpochSecond(1700000000, 500_000_000), DockerTime.parseTimestamp("1700000000.5", now));
        assertEquals(Instant.ofEpochSecond(1700000000), DockerTime.parseTimestamp("1700000000", now));
        assertEquals(now.minus(Duration.ofMinutes(10)), DockerTime.parseTimestamp("10m", now));
        assertEquals(now.minus(Duration.ofMinutes(90)), DockerTime.parseTimestamp("1h30m", now));
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), DockerTime.parseTimestamp("2026-01-02T03:04:05Z", now));
        assertEquals(Instant.parse("2026-01-02T01:04:05Z"), DockerTime.parseTimestamp("2026-01-02T03:04:05+02:00", now));
        assertEquals(Instant.parse("2026-01-02T00:00:00Z"), DockerTime.parseTimestamp("2026-01-02", now));
        assertThrows(IllegalArgumentException.class, () -> DockerTime.parseTimestamp("yesterday", now));
    }
}
