package io.linnet.engine.api.image;

import java.util.List;

/**
 * {@code docker import}: a root file system tarball becomes a one-layer image.
 *
 * @param reference "repo:tag" to name the image, or null for an untagged image
 * @param message   the commit message recorded in the image history
 * @param changes   Dockerfile instructions applied to the configuration (CMD, ENTRYPOINT, ENV,
 *                  EXPOSE, LABEL, USER, WORKDIR, VOLUME, STOPSIGNAL), e.g. {@code "CMD [\"sh\"]"}
 * @param platform  "os/arch[/variant]" or empty for the host's
 */
public record ImportRequest(ImageReference reference, String message, List<String> changes, String platform) {
}
