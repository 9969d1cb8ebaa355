package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code 201} to {@code POST /containers/create}: Warnings is [] when there are none, never null. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerCreateResponse(
        @JsonProperty("Id") String id,
        @JsonProperty("Warnings") List<String> warnings) {

    public ContainerCreateResponse {
        warnings = warnings == null ? List.of() : warnings;
    }
}
