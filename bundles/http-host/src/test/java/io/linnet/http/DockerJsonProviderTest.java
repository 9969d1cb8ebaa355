package io.linnet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.linnet.api.model.json.DockerJson;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerJsonProviderTest {
    record Summary(@JsonProperty("Id") String id, @JsonProperty("Labels") Map<String, String> labels) {
    }

    private final DockerJsonProvider provider = new DockerJsonProvider(DockerJson.newMapper());
    private static final Annotation[] NONE = new Annotation[0];

    @Test
    void writesWithDockersRulesAndLeavesTheStreamOpen() throws IOException {
        Type listOfSummaries = new GenericType<List<Summary>>() { }.getType();
        ClosingWatch out = new ClosingWatch();
        provider.writeTo(List.of(new Summary("a", Map.of("z", "1", "b", "2"))), List.class, listOfSummaries, NONE,
                MediaType.APPLICATION_JSON_TYPE, new MultivaluedHashMap<>(), out);
        assertEquals("[{\"Id\":\"a\",\"Labels\":{\"b\":\"2\",\"z\":\"1\"}}]", out.toString(StandardCharsets.UTF_8));
        assertFalse(out.closed, "Jersey closes the entity stream itself");
    }

    @Test
    void readsAnEmptyBodyAsNullAndBadJsonAsJacksonsError() throws IOException {
        assertNull(read(""));
        assertEquals(new Summary("x", null), read("{\"Id\":\"x\",\"Unknown\":1}"));
        assertThrows(JsonProcessingException.class, () -> read("{\"Id\":"));
    }

    @Test
    void leavesTextBytesAndStreamsToJerseyAndOnlyTakesJsonTypes() {
        assertFalse(provider.isWriteable(String.class, String.class, NONE, MediaType.APPLICATION_JSON_TYPE));
        assertFalse(provider.isWriteable(byte[].class, byte[].class, NONE, MediaType.APPLICATION_JSON_TYPE));
        assertFalse(provider.isWriteable(Summary.class, Summary.class, NONE, MediaType.TEXT_PLAIN_TYPE));
        assertTrue(provider.isWriteable(Summary.class, Summary.class, NONE, MediaType.valueOf("application/vnd.x+json")));
        assertTrue(provider.isReadable(Summary.class, Summary.class, NONE, null));
    }

    private Summary read(String json) throws IOException {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Object value = provider.readFrom((Class) Summary.class, Summary.class, NONE, MediaType.APPLICATION_JSON_TYPE,
                new MultivaluedHashMap<>(), new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        return (Summary) value;
    }

    private static final class ClosingWatch extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
