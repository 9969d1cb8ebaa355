package io.linnet.api.model.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** One entry of {@code GET /images/json}. */
public record ImageSummary(
        @JsonProperty("Containers") long containers,
        @JsonProperty("Created") long created,
        @JsonProperty("Id") String id,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("ParentId") String parentId,
        @JsonProperty("RepoDigests") List<String> repoDigests,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("SharedSize") long sharedSize,
        @JsonProperty("Size") long size,
        /* only for API versions before 1.43 */
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("VirtualSize") Long virtualSize) {
}
