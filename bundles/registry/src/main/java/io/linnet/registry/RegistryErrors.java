package io.linnet.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The registry's error body ({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]})
 * in docker/distribution's errcode wording: "manifest unknown: manifest unknown".
 */
final class RegistryErrors {
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();

    private RegistryErrors() {
    }

    static String text(int status, byte[] body) {
        try {
            if (body != null && body.length > 0) {
                JsonNode document = JSON.readTree(body);
                String details = document.path("details").asText("");
                if (!details.isEmpty()) {
                    // token servers answer {"details": "..."}; docker/distribution's parseHTTPErrorResponse
                    return (status == 401 ? "unauthorized: " : status == 429 ? "toomanyrequests: " : "unknown: ")
                            + details;
                }
                JsonNode errors = document.path("errors");
                if (errors.isArray() && errors.size() > 0) {
                    StringJoiner out = new StringJoiner(", ");
                    for (JsonNode e : errors) {
                        String code = e.path("code").asText("UNKNOWN").replace('_', ' ').toLowerCase(Locale.ROOT);
                        String message = e.path("message").asText("");
                        out.add(message.isEmpty() ? code : code + ": " + message);
                    }
                    return out.toString();
                }
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // fall through to the status
        }
        if (status == 401) {
            return "unauthorized: authentication required"; // ErrorCodeUnauthorized with the body as detail
        }
        return "unexpected status code " + status + " " + reason(status);
    }

    /** Only the codes, e.g. to tell MANIFEST_UNKNOWN from NAME_UNKNOWN. */
    static boolean hasCode(byte[] body, String code) {
        try {
            for (JsonNode e : JSON.readTree(body).path("errors")) {
                if (code.equals(e.path("code").asText())) {
                    return true;
                }
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            return false;
        }
        return false;
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }
}
