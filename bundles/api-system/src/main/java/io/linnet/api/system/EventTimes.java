package io.linnet.api.system;

import io.linnet.api.model.DockerTime;
import io.linnet.engine.api.InvalidParameterException;
import java.time.Instant;

/**
 * The {@code since} and {@code until} of {@code GET /events}. The docker CLI turns durations and
 * RFC 3339 times into Unix seconds with a fraction ("1700000000.123456789") before sending; other
 * clients send RFC 3339, which dockerd refuses and we accept.
 */
final class EventTimes {
    /** No time given. */
    static final long NONE = -1;

    private EventTimes() {
    }

    /** Unix nanoseconds, or {@link #NONE} for an absent value. */
    static long nanos(String value, Instant now) {
        if (value == null || value.isEmpty()) {
            return NONE;
        }
        Instant t;
        try {
            t = DockerTime.parseTimestamp(value, now);
        } catch (IllegalArgumentException | ArithmeticException e) {
            // dockerd's wording (it answers 500; a bad parameter is the client's)
            throw new InvalidParameterException("strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
        }
        if (t.getEpochSecond() < 0) {
            return 0;
        }
        return Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L) + t.getNano();
    }

    /** dockerd refuses an {@code until} before {@code since}. */
    static void check(String since, long sinceNanos, String until, long untilNanos) {
        if (untilNanos != NONE && untilNanos < Math.max(sinceNanos, 0)) {
            throw new InvalidParameterException("`since` time (" + since + ") cannot be after `until` time ("
                    + until + ")");
        }
    }
}
