package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Docker's ContainerConfig: a container's Config, and the Config of an image. Go's nil slices and
 * maps are JSON nulls here too, so absent lists are null, not empty; the fields Go marks
 * omitempty are left out when empty (booleans among them are null for false).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerConfig(
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Domainname") String domainname,
        @JsonProperty("User") String user,
        @JsonProperty("AttachStdin") boolean attachStdin,
        @JsonProperty("AttachStdout") boolean attachStdout,
        @JsonProperty("AttachStderr") boolean attachStderr,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("ExposedPorts") Map<String, Map<String, Object>> exposedPorts,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("OpenStdin") boolean openStdin,
        @JsonProperty("StdinOnce") boolean stdinOnce,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Healthcheck") HealthConfig healthcheck,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("ArgsEscaped") Boolean argsEscaped,
        @JsonProperty("Image") String image,
        @JsonProperty("Volumes") Map<String, Map<String, Object>> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("NetworkDisabled") Boolean networkDisabled,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("StopSignal") String stopSignal,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("StopTimeout") Integer stopTimeout,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Shell") List<String> shell) {

    /** Docker's HealthConfig; durations in nanoseconds; zero ones are left out, as Go's omitempty does. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HealthConfig(
            @JsonProperty("Test") List<String> test,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("Interval") long interval,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("Timeout") long timeout,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("Retries") int retries,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("StartPeriod") long startPeriod,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("StartInterval") long startInterval) {
    }

    /** All fields at Go's zero values, as dockerd shows an image's missing ContainerConfig. */
    public static ContainerConfig zero() {
        return new ContainerConfig("", "", "", false, false, false, null, false, false, false, null, null, null,
                null, "", null, "", null, null, null, null, null, null, null, null);
    }
}
