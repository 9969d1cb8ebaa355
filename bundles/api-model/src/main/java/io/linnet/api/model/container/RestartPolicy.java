package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Docker's RestartPolicy. Name is "" (what dockerd keeps when the client sends none), "no",
 * "always", "unless-stopped" or "on-failure"; dockerd does not turn "" into "no" (the docker CLI
 * sends "no" itself).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestartPolicy(
        @JsonProperty("Name") String name,
        @JsonProperty("MaximumRetryCount") int maximumRetryCount) {

    public static final String NO = "no";
    public static final String ALWAYS = "always";
    public static final String UNLESS_STOPPED = "unless-stopped";
    public static final String ON_FAILURE = "on-failure";

    public RestartPolicy {
        name = name == null ? "" : name;
    }

    /** Go's zero value: {@code {"Name":"","MaximumRetryCount":0}}. */
    public static RestartPolicy zero() {
        return new RestartPolicy("", 0);
    }

    /** moby's RestartPolicy.IsNone: "" or "no". */
    @JsonIgnore
    public boolean isNone() {
        return name.isEmpty() || NO.equals(name);
    }
}
