package io.linnet.engine.api.image;

import java.time.Instant;

/**
 * One step of an image's history, newest first as {@code docker history} lists it.
 *
 * @param id        the image ID for the newest step, "&lt;missing&gt;" for the others (as dockerd)
 * @param created   null when the image does not say
 * @param size      bytes the step's layer adds (0 for empty layers)
 */
public record ImageHistoryEntry(String id, Instant created, String createdBy, String comment, long size,
        java.util.List<String> tags) {
}
