package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * Body of {@code POST /containers/{id}/update}: Docker's UpdateConfig, the Resources fields
 * embedded (as Go embeds them) plus RestartPolicy. dockerd applies only the fields that are not
 * zero (a RestartPolicy with Name "" is left alone; MemorySwappiness -1 means unset): the engine's
 * {@code ContainerService.update} merges. The docker CLI sends every field, with null for the
 * pointers and lists it does not set. Before API 1.40 dockerd ignores PidsLimit.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpdateRequest(
        @JsonUnwrapped Resources resources,
        @JsonProperty("RestartPolicy") RestartPolicy restartPolicy) {

    public UpdateRequest {
        resources = resources == null ? Resources.zero() : resources;
        restartPolicy = restartPolicy == null ? RestartPolicy.zero() : restartPolicy;
    }

    /** An empty body: nothing changes. */
    public static UpdateRequest empty() {
        return new UpdateRequest(Resources.zero(), RestartPolicy.zero());
    }
}
