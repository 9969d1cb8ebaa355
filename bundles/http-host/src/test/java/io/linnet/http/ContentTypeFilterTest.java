package io.linnet.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContentTypeFilterTest {

    @Test
    void typesJerseyCannotParseAreTheOnesReplaced() {
        assertTrue(ContentTypeFilter.parses("application/x-tar"));
        assertTrue(ContentTypeFilter.parses("application/json; charset=utf-8"));
        assertFalse(ContentTypeFilter.parses("APPLICATION_X_TAR"), "docker-java's archive uploads");
    }
}
