package io.linnet.engine.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PruneFilterTest {
    private static final Instant T = Instant.parse("2024-01-02T03:04:05Z");

    @Test
    void noFilterTakesEverything() {
        assertTrue(PruneFilter.NONE.accepts(T, Map.of()));
        assertTrue(PruneFilter.NONE.accepts(null, null));
    }

    @Test
    void untilTakesOnlyWhatWasCreatedBefore() {
        PruneFilter f = new PruneFilter(List.of(T), List.of(), List.of());
        assertTrue(f.accepts(T.minusSeconds(1), Map.of()));
        assertFalse(f.accepts(T, Map.of()));
        assertFalse(f.accepts(T.plusSeconds(1), Map.of()));
        assertTrue(f.accepts(null, Map.of()), "an unknown creation time is the epoch");
    }

    @Test
    void everyLabelTermMustHold() {
        PruneFilter f = new PruneFilter(List.of(), List.of("a", "b=2"), List.of());
        assertTrue(f.accepts(T, Map.of("a", "x", "b", "2")));
        assertFalse(f.accepts(T, Map.of("a", "x", "b", "3")));
        assertFalse(f.accepts(T, Map.of("b", "2")));
    }

    @Test
    void negatedLabelTermsExcludeOnlyWhenEveryOneHolds() {
        PruneFilter one = new PruneFilter(List.of(), List.of(), List.of("keep=yes"));
        assertTrue(one.accepts(T, Map.of("keep", "no")));
        assertFalse(one.accepts(T, Map.of("keep", "yes")));
        assertTrue(one.accepts(T, Map.of()));
        // dockerd's matchLabels: excluded when MatchKVList("label!") holds, i.e. every term
        PruneFilter two = new PruneFilter(List.of(), List.of(), List.of("keep=yes", "pin"));
        assertTrue(two.accepts(T, Map.of("keep", "yes")));
        assertTrue(two.accepts(T, Map.of("pin", "")));
        assertFalse(two.accepts(T, Map.of("keep", "yes", "pin", "")));
    }
}
