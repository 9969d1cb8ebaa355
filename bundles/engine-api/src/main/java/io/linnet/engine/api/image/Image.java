package io.linnet.engine.api.image;

import java.time.Instant;
import java.util.List;

/**
 * An image as Docker users see it: one per image ID (the digest of its configuration), with all
 * the names that point at it.
 *
 * @param id           "sha256:…" digest of the image configuration
 * @param repoTags     familiar names ("busybox:latest", "localhost:5000/x:1"), sorted
 * @param repoDigests  familiar digested names ("busybox@sha256:…") where the image came from a registry
 * @param parent       parent image ID, empty when unknown
 * @param created      creation time the configuration states; null when it has none
 * @param dockerVersion the "docker_version" the configuration records, empty when none
 * @param diffIds      "sha256:…" digests of the uncompressed layers, bottom first
 * @param size         bytes of all layers' content, unpacked
 * @param layerSizes   bytes each layer holds, bottom first (aligned with diffIds)
 * @param manifestDigest digest of the manifest the image record points at (the platform's manifest)
 * @param lastTagTime  when a name last pointed at it (the newest image record update); null when none
 */
public record Image(
        String id,
        List<String> repoTags,
        List<String> repoDigests,
        String parent,
        String comment,
        Instant created,
        String author,
        String dockerVersion,
        String architecture,
        String variant,
        String os,
        ImageConfig config,
        List<String> diffIds,
        long size,
        List<Long> layerSizes,
        String manifestDigest,
        Instant lastTagTime) {

    /** Dangling: no name points at it. */
    public boolean dangling() {
        return repoTags.isEmpty();
    }
}
