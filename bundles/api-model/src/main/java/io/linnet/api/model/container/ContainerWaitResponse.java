package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code POST /containers/{id}/wait} (moby v24's container.WaitResponse): Error is
 * omitted when there is none ({@code {"StatusCode":0}}); dockerd 20.10 (API 1.41) wrote
 * {@code "Error":null} instead. Error comes first, as Go writes it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerWaitResponse(
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Error") WaitError error,
        @JsonProperty("StatusCode") long statusCode) {

    public static ContainerWaitResponse of(long statusCode) {
        return new ContainerWaitResponse(null, statusCode);
    }

    /** The wait error; Message is omitempty. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WaitError(@JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Message") String message) {
    }
}
