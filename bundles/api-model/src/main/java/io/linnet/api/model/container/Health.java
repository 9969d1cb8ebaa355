package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * State.Health of inspect, present only for a container with a healthcheck. Status is "starting",
 * "healthy" or "unhealthy"; dockerd writes Log as [] (never null) when there is no result yet, and
 * keeps the last 5 results, oldest first.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Health(
        @JsonProperty("Status") String status,
        @JsonProperty("FailingStreak") int failingStreak,
        @JsonProperty("Log") List<HealthcheckResult> log) {

    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";

    public Health {
        status = status == null ? "" : status;
        log = log == null ? List.of() : log;
    }
}
