package io.linnet.launcher;

import io.linnet.features.Feature;
import io.linnet.features.FeatureCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Which features linnetd starts and the bundle jars they come to. The runnable folder keeps the
 * features it was built from ({@code features/*.json}) and their bundles ({@code repository/});
 * {@code conf/features} names the ones to start, one per line (a vendor's build writes its own),
 * and the environment variable {@value #ENV} (comma-separated) overrides it.
 */
final class LaunchedFeatures {
    static final String ENV = "LINNET_FEATURES";

    private LaunchedFeatures() {
    }

    static List<String> names(Path home) throws IOException {
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Arrays.stream(fromEnv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return Files.readAllLines(home.resolve("conf/features")).stream().map(String::trim)
                .filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
    }

    /** The bundles of those features and what they need, in start order. */
    static List<Path> jars(Path home, List<String> names) throws IOException {
        FeatureCatalog catalog = FeatureCatalog.read(home);
        List<Path> jars = catalog.bundles(names).stream().map(Feature.Bundle::artifact).map(catalog::jar).toList();
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new IOException("feature bundle missing from the repository: " + jar);
            }
        }
        return jars;
    }
}
