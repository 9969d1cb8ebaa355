package io.linnet.api.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.engine.api.registry.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The CLI's credentials: X-Registry-Auth is base64url (padding optional) JSON of an AuthConfig
 * (username, password, auth, serveraddress, identitytoken, registrytoken); POST /auth sends the
 * same JSON as its body. Keys match case-insensitively, as Go's encoding/json does.
 */
final class RegistryAuthHeader {
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();

    private RegistryAuthHeader() {
    }

    /** No header, or an unreadable one, is anonymous access (dockerd ignores a malformed header too). */
    static RegistryAuth decode(String header) {
        if (header == null || header.isBlank()) {
            return RegistryAuth.NONE;
        }
        String text = header.trim();
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException notUrl) {
            try {
                json = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException notBase64) {
                return RegistryAuth.NONE;
            }
        }
        try {
            return fromJson(JSON.readTree(json));
        } catch (java.io.IOException e) {
            return RegistryAuth.NONE;
        }
    }

    static RegistryAuth fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            return RegistryAuth.NONE;
        }
        Map<String, String> fields = new java.util.HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            fields.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().isTextual() ? e.getValue().asText() : null);
        }
        String username = fields.get("username");
        String password = fields.get("password");
        String auth = fields.get("auth");
        if ((username == null || username.isEmpty()) && auth != null && !auth.isEmpty()) {
            try {
                String pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    username = pair.substring(0, colon);
                    password = pair.substring(colon + 1);
                }
            } catch (IllegalArgumentException ignored) {
                // no usable "auth"
            }
        }
        return new RegistryAuth(username, password, fields.get("serveraddress"), fields.get("identitytoken"),
                fields.get("registrytoken"));
    }
}
