package io.linnet.containerd.host;

import io.linnet.engine.api.system.ComponentVersion;

import java.util.Optional;

/** Versions of the runtime binaries, parsed from their --version output as dockerd does. */
public final class RuntimeVersions {

    private RuntimeVersions() {
    }

    /**
     * "runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\n..." to
     * runc / 1.1.5+ds1 / 1.1.5+ds1-1+deb12u1.
     */
    public static Optional<ComponentVersion> parseRunc(String output) {
        String version = null;
        String commit = "";
        for (String line : output.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("runc version ")) {
                version = trimmed.substring("runc version ".length()).strip();
            } else if (trimmed.startsWith("commit:")) {
                commit = trimmed.substring("commit:".length()).strip();
            }
        }
        return version == null || version.isEmpty()
                ? Optional.empty()
                : Optional.of(new ComponentVersion("runc", version, commit));
    }

    /** "tini version 0.19.0 - git.de40ad0" to docker-init / 0.19.0 / de40ad0. */
    public static Optional<ComponentVersion> parseTini(String output) {
        String line = output.strip();
        int newline = line.indexOf('\n');
        if (newline >= 0) {
            line = line.substring(0, newline);
        }
        String[] fields = line.split("\\s+");
        if (fields.length < 3 || !fields[1].equals("version")) {
            return Optional.empty();
        }
        String commit = "";
        if (fields.length >= 5 && fields[3].equals("-")) {
            commit = fields[4].startsWith("git.") ? fields[4].substring("git.".length()) : fields[4];
        }
        return Optional.of(new ComponentVersion("docker-init", fields[2], commit));
    }
}
