package io.linnet.api.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.registry.RegistryAuth;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** X-Registry-Config: base64url JSON of credentials by registry, as the docker CLI sends it for builds. */
final class RegistryConfigHeader {
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();

    private RegistryConfigHeader() {
    }

    static Map<String, RegistryAuth> decode(String header) {
        if (header == null || header.isBlank()) {
            return Map.of();
        }
        try {
            String text = header.trim();
            byte[] json;
            try {
                json = Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException notUrl) {
                json = Base64.getDecoder().decode(text);
            }
            JsonNode root = JSON.readTree(json);
            Map<String, RegistryAuth> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode a = e.getValue();
                out.put(e.getKey(), new RegistryAuth(text(a, "username"), text(a, "password"),
                        text(a, "serveraddress"), text(a, "identitytoken"), text(a, "registrytoken")));
            }
            return out;
        } catch (Exception e) {
            throw new InvalidParameterException("invalid X-Registry-Config header: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String key) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.equalsIgnoreCase(key)) {
                return node.get(name).asText(null);
            }
        }
        return null;
    }
}
