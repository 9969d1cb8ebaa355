package io.linnet.api.model.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code POST /volumes/prune}: {@code VolumesDeleted} is {@code []} when nothing was removed. */
public record VolumePruneResponse(
        @JsonProperty("VolumesDeleted") List<String> volumesDeleted,
        @JsonProperty("SpaceReclaimed") long spaceReclaimed) {
}
