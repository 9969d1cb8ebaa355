package io.linnet.api.model.exec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code POST /exec/{id}/start}; ConsoleSize is [height, width]. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecStartConfig(
        @JsonProperty("Detach") boolean detach,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("ConsoleSize") List<Integer> consoleSize) {
}
