package io.linnet.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiJsonTest {
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();

    private static String refusal(String body, Class<?> type) {
        return assertThrows(InvalidJsonException.class,
                () -> ApiJson.readBody(JSON, body.getBytes(StandardCharsets.UTF_8), type)).getMessage();
    }

    @Test
    void readsOneDocumentAsDockerdsReadJson() {
        assertNull(ApiJson.readBody(JSON, new byte[0], Map.class));
        assertEquals(Map.of("a", 1), ApiJson.readBody(JSON, " {\"a\":1} \n".getBytes(StandardCharsets.UTF_8), Map.class));
        assertEquals("invalid JSON: got EOF while reading request body", refusal("  \n", Map.class));
        assertEquals("unexpected content after JSON", refusal("{} {}", Map.class));
        assertEquals("unexpected content after JSON", refusal("{}x", Map.class));
        assertTrue(refusal("{\"a\":", Map.class).startsWith("invalid JSON: "));
        assertTrue(refusal("[1]", Map.class).startsWith("invalid JSON: "));
    }

    record Labels(Map<String, String> labels, java.util.List<String> env) {
    }

    /** Nulls inside lists and maps read as Go reads them: empty strings, never nulls. */
    @Test
    void nullsInsideCollectionsAreEmptyValues() {
        Labels l = ApiJson.readBody(JSON, "{\"labels\":{\"a\":null},\"env\":[null,\"x\"]}".getBytes(StandardCharsets.UTF_8),
                Labels.class);
        assertEquals(Map.of("a", ""), Map.copyOf(ApiJson.strings(l.labels())));
        assertEquals(java.util.List.of("", "x"), java.util.List.copyOf(ApiJson.strings(l.env())));
    }

    /** Deep nesting is a parse error (a 400), never a deep recursion; the limit is far above real bodies. */
    @Test
    void deepNestingIsRefusedAtTheLimit() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertTrue(refusal(deep, JsonNode.class).contains("Document nesting depth"), refusal(deep, JsonNode.class));
        String ok = "[".repeat(ApiJson.MAX_NESTING_DEPTH) + "]".repeat(ApiJson.MAX_NESTING_DEPTH);
        ApiJson.readBody(JSON, ok.getBytes(StandardCharsets.UTF_8), JsonNode.class);
        String over = "[".repeat(ApiJson.MAX_NESTING_DEPTH + 1) + "]".repeat(ApiJson.MAX_NESTING_DEPTH + 1);
        assertTrue(refusal(over, JsonNode.class).startsWith("invalid JSON: "));
        assertTrue(refusal("{\"n\":" + "1".repeat(1000) + "}", Map.class).startsWith("invalid JSON: "));
    }
}
