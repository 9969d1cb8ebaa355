package io.linnet.api.model.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code POST /images/prune}. */
public record PruneResponse(
        @JsonProperty("ImagesDeleted") List<DeleteItem> imagesDeleted,
        @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
}
