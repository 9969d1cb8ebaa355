package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Docker's LogConfig. dockerd fills Type with the daemon's driver when it is "" and turns a null
 * Config into {} on create, so inspect shows {@code {"Type":"json-file","Config":{}}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LogConfig(
        @JsonProperty("Type") String type,
        @JsonProperty("Config") Map<String, String> config) {

    public LogConfig {
        type = type == null ? "" : type;
    }

    /** Go's zero value: {@code {"Type":"","Config":null}}. */
    public static LogConfig zero() {
        return new LogConfig("", null);
    }

    /** dockerd's default: json-file without options. */
    public static LogConfig jsonFile() {
        return new LogConfig("json-file", Map.of());
    }
}
