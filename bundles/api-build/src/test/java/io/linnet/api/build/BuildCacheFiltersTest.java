package io.linnet.api.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.Filters;
import io.linnet.engine.api.build.BuildCacheRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class BuildCacheFiltersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-02T00:00:00Z");

    private static Predicate<BuildCacheRecord> filter(String json) {
        return BuildCacheFilters.of(Filters.parse(json, text -> JSON.readValue(text, Object.class)), NOW)::accepts;
    }

    private static BuildCacheRecord record(String id, Instant lastUsed, boolean inUse, boolean shared) {
        return new BuildCacheRecord(id, List.of("p1"), "regular", "RUN x", inUse, shared, 10, lastUsed, lastUsed, 1,
                "sha256:i");
    }

    @Test
    void goDurations() {
        assertEquals(Duration.ofHours(24), BuildCacheFilters.goDuration("24h"));
        assertEquals(Duration.ofMinutes(90), BuildCacheFilters.goDuration("1h30m"));
        assertEquals(Duration.ofMillis(1500), BuildCacheFilters.goDuration("1.5s"));
        assertEquals(Duration.ZERO, BuildCacheFilters.goDuration("0"));
        assertThrows(IllegalArgumentException.class, () -> BuildCacheFilters.goDuration("soon"));
        assertThrows(IllegalArgumentException.class, () -> BuildCacheFilters.goDuration("10"));
    }

    @Test
    void untilKeepsRecentlyUsedRecords() {
        Predicate<BuildCacheRecord> p = filter("{\"until\":[\"24h\"]}");
        assertTrue(p.test(record("a", NOW.minus(Duration.ofHours(25)), false, false)));
        assertFalse(p.test(record("a", NOW.minus(Duration.ofHours(1)), false, false)));
        assertThrows(IllegalArgumentException.class, () -> filter("{\"until\":[\"soon\"]}"));
    }

    @Test
    void recordFieldsAndUnknownNames() {
        BuildCacheRecord r = record("abcdef", NOW, false, true);
        assertTrue(filter("{\"id\":[\"abc\"]}").test(r));
        assertFalse(filter("{\"id\":[\"abd\"]}").test(r));
        assertTrue(filter("{\"parent\":[\"p1\"],\"type\":[\"regular\"],\"description\":[\"RUN x\"]}").test(r));
        assertTrue(filter("{\"shared\":[\"true\"],\"inuse\":[\"false\"]}").test(r));
        assertFalse(filter("{\"private\":[\"true\"]}").test(r));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> filter("{\"color\":[\"red\"]}"));
        assertEquals("Invalid filter 'color'", e.getMessage());
    }
}
