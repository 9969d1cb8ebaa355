package io.linnet.api.model.exec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** Body of {@code GET /exec/{id}/json}, in moby's field order; ExitCode is null until the process exited. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"ID", "Running", "ExitCode", "ProcessConfig", "OpenStdin", "OpenStderr", "OpenStdout",
        "CanRemove", "ContainerID", "DetachKeys", "Pid"})
public record ExecInspect(
        @JsonProperty("ID") String id,
        @JsonProperty("Running") boolean running,
        @JsonProperty("ExitCode") Integer exitCode,
        @JsonProperty("ProcessConfig") ProcessConfig processConfig,
        @JsonProperty("OpenStdin") boolean openStdin,
        @JsonProperty("OpenStderr") boolean openStderr,
        @JsonProperty("OpenStdout") boolean openStdout,
        @JsonProperty("CanRemove") boolean canRemove,
        @JsonProperty("ContainerID") String containerId,
        @JsonProperty("DetachKeys") String detachKeys,
        @JsonProperty("Pid") int pid) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"tty", "entrypoint", "arguments", "privileged", "user"})
    public record ProcessConfig(
            @JsonProperty("tty") boolean tty,
            @JsonProperty("entrypoint") String entrypoint,
            @JsonProperty("arguments") List<String> arguments,
            @JsonProperty("privileged") boolean privileged,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("user") String user) {
    }
}
