package io.linnet.engine.api.registry;

import io.linnet.engine.api.image.ImageReference;
import java.util.List;

/**
 * {@code GET /distribution/{name}/json}: what a registry holds under a reference, without pulling
 * it: the descriptor of the manifest (or index) and the platforms it offers.
 */
public interface DistributionInspector {

    /**
     * @throws io.linnet.engine.api.NotFoundException when the registry does not know the reference
     * @throws RegistryException when the registry cannot be reached
     */
    Distribution inspect(ImageReference reference, RegistryAuth auth);

    /** The manifest or index a reference names, and the platforms it is for. */
    record Distribution(String mediaType, String digest, long size, List<Platform> platforms) {
    }

    /** A platform as OCI writes it; empty strings and lists where the registry says nothing. */
    record Platform(String architecture, String os, String osVersion, List<String> osFeatures, String variant) {
    }
}
