package io.linnet.api.model.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code GET /volumes}: {@code Volumes} is never null, {@code Warnings} is null when there are none. */
public record VolumeListResponse(
        @JsonProperty("Volumes") List<VolumeResponse> volumes,
        @JsonProperty("Warnings") List<String> warnings) {
}
