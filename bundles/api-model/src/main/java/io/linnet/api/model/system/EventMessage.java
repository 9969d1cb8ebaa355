package io.linnet.api.model.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One object of {@code GET /events} (the spec's EventMessage, in moby's field order), with the
 * deprecated {@code status}, {@code id} and {@code from} that dockerd still fills for container
 * and image events.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EventMessage(
        @JsonProperty("status") String status,
        @JsonProperty("id") String id,
        @JsonProperty("from") String from,
        @JsonProperty("Type") String type,
        @JsonProperty("Action") String action,
        @JsonProperty("Actor") @JsonInclude(JsonInclude.Include.ALWAYS) Actor actor,
        @JsonProperty("scope") String scope,
        @JsonProperty("time") long time,
        @JsonProperty("timeNano") long timeNano) {

    public record Actor(
            @JsonProperty("ID") @JsonInclude(JsonInclude.Include.ALWAYS) String id,
            @JsonProperty("Attributes") @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> attributes) {
    }
}
