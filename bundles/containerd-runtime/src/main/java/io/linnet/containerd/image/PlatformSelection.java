package io.linnet.containerd.image;

import io.linnet.containerd.proto.types.Descriptor;
import io.linnet.engine.api.InvalidParameterException;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Picking the manifest of an index (OCI index or Docker manifest list) for a platform, as
 * containerd's platform matcher does for the common cases: "os/arch[/variant]", the host's when
 * none is asked for; an entry with no variant matches any variant; the default variant of arm64
 * is v8. Entries without a platform are taken only when the index has nothing better.
 */
final class PlatformSelection {

    private PlatformSelection() {
    }

    /** A requested platform in normal form ("linux/amd64", "linux/arm64/v8", "linux/arm/v7"). */
    record Platform(String os, String architecture, String variant) {
        @Override
        public String toString() {
            return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
        }
    }

    static Platform host() {
        return normalize(new Platform(Platforms.os(), Platforms.architecture(), ""));
    }

    /** Parses a user's platform ("linux/amd64", "amd64", "linux/arm64/v8"); empty/null is the host's. */
    static Platform parse(String text) {
        if (text == null || text.isBlank()) {
            return host();
        }
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/");
        Platform p;
        switch (parts.length) {
            case 1 -> p = parts[0].equals("linux") || parts[0].equals("windows")
                    ? new Platform(parts[0], Platforms.architecture(), "")
                    : new Platform(Platforms.os(), parts[0], "");
            case 2 -> p = new Platform(parts[0], parts[1], "");
            case 3 -> p = new Platform(parts[0], parts[1], parts[2]);
            default -> throw new InvalidParameterException("\"" + text + "\": unknown operating system or architecture: "
                    + "invalid argument");
        }
        if (p.os().isEmpty() || p.architecture().isEmpty()) {
            throw new InvalidParameterException("\"" + text + "\": unknown operating system or architecture: "
                    + "invalid argument");
        }
        return normalize(p);
    }

    static Platform normalize(Platform p) {
        String arch = Platforms.goArch(p.architecture());
        String variant = p.variant();
        if (arch.equals("arm64") && variant.equals("v8")) {
            variant = "";
        }
        if (arch.equals("amd64") && variant.equals("v1")) {
            variant = "";
        }
        return new Platform(p.os(), arch, variant);
    }

    /** The entry for the platform, best match first: same variant, then an entry without variant. */
    static Optional<Descriptor> pick(List<Descriptor> manifests, Platform wanted) {
        Descriptor loose = null;
        for (Descriptor d : manifests) {
            String stated = d.getAnnotationsOrDefault("linnet.platform", "");
            if (stated.isEmpty()) {
                continue;
            }
            String[] parts = stated.split("/", 3);
            if (parts.length < 2) {
                continue;
            }
            Platform p = normalize(new Platform(parts[0], parts[1], parts.length > 2 ? parts[2] : ""));
            if (!p.os().equals(wanted.os()) || !p.architecture().equals(wanted.architecture())) {
                continue;
            }
            if (p.variant().equals(wanted.variant())) {
                return Optional.of(d);
            }
            if ((p.variant().isEmpty() || wanted.variant().isEmpty()) && loose == null) {
                loose = d;
            }
        }
        if (loose != null) {
            return Optional.of(loose);
        }
        return manifests.stream().filter(d -> !d.containsAnnotations("linnet.platform"))
                .filter(d -> MediaTypes.isManifest(d.getMediaType()) || d.getMediaType().isEmpty()).findFirst();
    }
}
