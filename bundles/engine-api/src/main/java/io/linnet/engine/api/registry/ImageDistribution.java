package io.linnet.engine.api.registry;

import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.image.ProgressSink;

/**
 * {@code docker pull} and {@code docker push}: images moved between a registry and the image
 * store, reported as Docker's JSON-lines progress. Implemented where images are stored.
 */
public interface ImageDistribution {

    /**
     * Pulls an image (by tag or digest) and names it with its reference, and its digest reference
     * ({@code repo@sha256:…}) for RepoDigests.
     *
     * @param platform "os/arch[/variant]" to pick from an index, or null/empty for the host's
     * @throws io.linnet.engine.api.NotFoundException (before any progress line) when the registry
     *         does not know the reference
     */
    void pull(ImageReference reference, String platform, RegistryAuth auth, ProgressSink progress);

    /**
     * Pushes the image a tagged reference names: layers and configuration the registry lacks, then
     * the manifest under the tag.
     */
    void push(ImageReference reference, RegistryAuth auth, ProgressSink progress);

    /**
     * {@code docker pull --all-tags}: every tag the registry lists for the repository, one after
     * the other, then one status line for the repository ("Status: Downloaded newer image for busybox").
     */
    void pullAllTags(ImageReference repository, String platform, RegistryAuth auth, ProgressSink progress);
}
