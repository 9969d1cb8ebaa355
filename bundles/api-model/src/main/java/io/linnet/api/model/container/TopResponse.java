package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code GET /containers/{id}/top}: ps's column Titles and one row of strings per process. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TopResponse(
        @JsonProperty("Processes") List<List<String>> processes,
        @JsonProperty("Titles") List<String> titles) {
}
