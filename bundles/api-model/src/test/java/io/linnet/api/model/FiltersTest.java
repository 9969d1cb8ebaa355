package io.linnet.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FiltersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Filters parse(String json) {
        return Filters.parse(json, text -> JSON.readValue(text, Object.class));
    }

    @Test
    void readsBothFormats() {
        assertEquals(Set.of("a=b"), parse("{\"label\":{\"a=b\":true}}").get("label"));
        assertEquals(Set.of("a=b", "c"), parse("{\"label\":[\"a=b\",\"c\"]}").get("label"));
        assertTrue(parse(null).isEmpty());
        assertTrue(parse("").isEmpty());
    }

    @Test
    void unknownNamesAndBadJsonAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("{\"nope\":[\"x\"]}").accept("label", "dangling"));
        assertEquals("invalid filter 'nope'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("{"));
        assertThrows(IllegalArgumentException.class, () -> parse("[1]"));
    }

    @Test
    void booleans() {
        assertTrue(parse("{\"dangling\":[\"true\"]}").bool("dangling", false));
        assertFalse(parse("{\"dangling\":[\"0\"]}").bool("dangling", true));
        assertTrue(parse("{}").bool("dangling", true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("{\"dangling\":[\"maybe\"]}").bool("dangling", false));
        assertEquals("invalid filter 'dangling=maybe'", e.getMessage());
    }

    @Test
    void labels() {
        Filters f = parse("{\"label\":[\"a\",\"b=2\"]}");
        assertTrue(f.matchesLabels("label", Map.of("a", "x", "b", "2")));
        assertFalse(f.matchesLabels("label", Map.of("a", "x", "b", "3")));
        assertFalse(f.matchesLabels("label", Map.of("b", "2")));
    }

    @Test
    void globsDoNotCrossSlashes() {
        assertTrue(Filters.globMatches("busy*", "busybox:latest"));
        assertFalse(Filters.globMatches("*", "user/app:1"));
        assertTrue(Filters.globMatches("*/*", "user/app:1"));
        assertTrue(Filters.globMatches("b?sybox", "busybox"));
        assertTrue(Filters.globMatches("[a-c]usybox", "busybox"));
    }
}
