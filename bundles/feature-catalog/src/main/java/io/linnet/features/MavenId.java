package io.linnet.features;

import java.nio.file.Path;

/**
 * An artifact as the feature model names it: {@code group:artifact[:type[:classifier]]:version}
 * (Apache Sling's form, type {@code jar} when left out), and where it lies in a Maven repository.
 */
public record MavenId(String group, String artifact, String version, String type, String classifier) {

    public static MavenId parse(String id) {
        String[] p = id.trim().split(":");
        return switch (p.length) {
            case 3 -> new MavenId(p[0], p[1], p[2], "jar", "");
            case 4 -> new MavenId(p[0], p[1], p[3], p[2], "");
            case 5 -> new MavenId(p[0], p[1], p[4], p[2], p[3]);
            default -> throw new IllegalArgumentException("not a Maven id (group:artifact[:type[:classifier]]:version): " + id);
        };
    }

    /** The same artifact in another version. */
    public MavenId withVersion(String otherVersion) {
        return new MavenId(group, artifact, otherVersion, type, classifier);
    }

    /** {@code group/as/path/artifact/version/artifact-version[-classifier].type} under {@code repository}. */
    public Path in(Path repository) {
        String file = artifact + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "." + type;
        return repository.resolve(group.replace('.', '/')).resolve(artifact).resolve(version).resolve(file);
    }

    /** group:artifact, the identity of a bundle whatever its version. */
    public String key() {
        return group + ":" + artifact;
    }

    @Override
    public String toString() {
        return group + ":" + artifact + (type.equals("jar") && classifier.isEmpty() ? ""
                : ":" + type + (classifier.isEmpty() ? "" : ":" + classifier)) + ":" + version;
    }
}
