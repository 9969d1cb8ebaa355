package io.linnet.api.model.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One entry of {@code GET /images/{name}/history}. */
public record HistoryItem(
        @JsonProperty("Comment") String comment,
        @JsonProperty("Created") long created,
        @JsonProperty("CreatedBy") String createdBy,
        @JsonProperty("Id") String id,
        @JsonProperty("Size") long size,
        @JsonProperty("Tags") List<String> tags) {
}
