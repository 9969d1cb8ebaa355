package io.linnet.api.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.linnet.api.model.ApiJson;
import java.util.ArrayList;
import java.util.List;

/**
 * The one Jackson configuration of the daemon: request and response bodies, event and progress
 * lines, and the JSON the engine reads and writes (image configs, OCI specs, CNI results, its own
 * records). It reads and writes as Go's encoding/json does for Docker's types, so every place
 * sees the same rules. A place that needs another setting derives it from {@link #newMapper()}
 * and says why.
 */
public final class DockerJson {
    private static final ObjectMapper ARRAYS = newMapper();

    private DockerJson() {
    }

    /**
     * A mapper with Docker's rules: unknown fields ignored (clients and registries send fields of
     * newer or older versions than the types know, and Go ignores them), map keys written sorted
     * (Go writes maps so: labels, port maps, options), and the read limits of {@link ApiJson#constraints()}
     * so hostile input fails as a parse error instead of a deep recursion or a huge allocation.
     * Field names and inclusion are the types' own annotations (Docker's names, as Go's tags).
     * A new instance each call: an ObjectMapper can be reconfigured, so none is shared.
     */
    public static ObjectMapper newMapper() {
        return new ObjectMapper(JsonFactory.builder().streamReadConstraints(ApiJson.constraints()).build())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    /**
     * The exec form of a Dockerfile or {@code --change} instruction: a JSON array of strings, or null
     * when the text is not one (then it is the shell form).
     */
    public static List<String> stringArray(String text) {
        if (text == null || !text.stripLeading().startsWith("[")) {
            return null;
        }
        try {
            JsonNode node = ARRAYS.readTree(text);
            if (node == null || !node.isArray()) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (JsonNode n : node) {
                if (!n.isTextual()) {
                    return null;
                }
                out.add(n.asText());
            }
            return List.copyOf(out);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
