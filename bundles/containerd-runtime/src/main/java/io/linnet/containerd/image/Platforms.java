package io.linnet.containerd.image;

import io.linnet.containerd.proto.types.Descriptor;

import java.util.List;
import java.util.Optional;

/** The host's platform in Go's names (linux/amd64), and picking a manifest of an index for it. */
final class Platforms {

    private Platforms() {
    }

    static String os() {
        return "linux";
    }

    static String architecture() {
        return goArch(System.getProperty("os.arch"));
    }

    static String goArch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "arm" -> "arm";
            default -> javaArch;
        };
    }

    /** The entry for this host; an entry without platform when it is the only one. */
    static Optional<Descriptor> pick(List<Descriptor> manifests) {
        String host = os() + "/" + architecture();
        for (Descriptor d : manifests) {
            String p = d.getAnnotationsOrDefault("linnet.platform", "");
            if (p.equals(host) || p.startsWith(host + "/")) {
                return Optional.of(d);
            }
        }
        if (manifests.size() == 1 && !manifests.get(0).containsAnnotations("linnet.platform")) {
            return Optional.of(manifests.get(0));
        }
        return manifests.stream().filter(d -> !d.containsAnnotations("linnet.platform")).findFirst();
    }
}
