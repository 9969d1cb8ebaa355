package io.linnet.api.model.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of {@code DELETE /images/{name}} and of image prune's ImagesDeleted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeleteItem(@JsonProperty("Untagged") String untagged, @JsonProperty("Deleted") String deleted) {
}
