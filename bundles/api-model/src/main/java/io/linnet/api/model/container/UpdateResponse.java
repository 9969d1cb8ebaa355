package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Body of {@code POST /containers/{id}/update}. Unlike create, dockerd writes
 * {@code {"Warnings":null}} when there are none: keep null here for that.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpdateResponse(@JsonProperty("Warnings") List<String> warnings) {
}
