package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An entry of {@code GET /containers/{id}/changes} (moby's archive.Change: Path first, then Kind).
 * Kind is 0 modified, 1 added, 2 deleted. dockerd answers {@code null}, not [], when nothing
 * changed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChangeItem(@JsonProperty("Path") String path, @JsonProperty("Kind") int kind) {
    public static final int MODIFIED = 0;
    public static final int ADDED = 1;
    public static final int DELETED = 2;
}
