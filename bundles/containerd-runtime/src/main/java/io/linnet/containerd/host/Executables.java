package io.linnet.containerd.host;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds programs the way a shell would, also in the sbin directories a daemon's PATH may lack. */
public final class Executables {

    static final List<String> SYSTEM_DIRECTORIES =
            List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private Executables() {
    }

    public static Optional<Path> find(String name) {
        return find(name, System.getenv("PATH"));
    }

    static Optional<Path> find(String name, String pathVariable) {
        for (String directory : searchPath(pathVariable)) {
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Adds the system directories missing from a child's PATH. */
    public static void addSystemDirectories(Map<String, String> environment) {
        environment.put("PATH", String.join(File.pathSeparator, searchPath(environment.get("PATH"))));
    }

    static List<String> searchPath(String pathVariable) {
        Set<String> directories = new LinkedHashSet<>();
        if (pathVariable != null) {
            for (String entry : pathVariable.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    directories.add(entry);
                }
            }
        }
        directories.addAll(SYSTEM_DIRECTORIES);
        return new ArrayList<>(directories);
    }
}
