package io.linnet.engine.api.build;

import java.time.Instant;
import java.util.List;

/**
 * One build cache record, as {@code GET /system/df} reports it (the legacy builder's cache: a step's
 * key naming the image that step made).
 *
 * @param id          the step's cache key
 * @param parents     IDs of the records that made the step's parent image (empty for a base image)
 * @param type        always "regular"
 * @param description the step ("RUN echo hi", "COPY ...")
 * @param inUse       a container uses the image the record names
 * @param shared      the image is also a tagged image's layer chain (pruning the record frees nothing of it)
 * @param size        bytes the step added (its own layer), 0 for metadata-only steps
 * @param imageId     the image the step made
 */
public record BuildCacheRecord(String id, List<String> parents, String type, String description, boolean inUse,
        boolean shared, long size, Instant createdAt, Instant lastUsedAt, long usageCount, String imageId) {
}
