package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One probe result: Start and End are Go time.Time values, so RFC 3339 with nanoseconds in the
 * daemon's zone (see {@link io.linnet.api.model.DockerTime#rfc3339Nano}); ExitCode 0 healthy, 1
 * unhealthy, other values an error running the probe.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HealthcheckResult(
        @JsonProperty("Start") String start,
        @JsonProperty("End") String end,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("Output") String output) {

    public HealthcheckResult {
        output = output == null ? "" : output;
    }
}
