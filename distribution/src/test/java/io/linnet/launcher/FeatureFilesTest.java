package io.linnet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linnet.features.Feature;
import io.linnet.features.FeatureCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The feature files are the bundle list; the features pom repeats Linnet's own modules only so
 * that Maven builds them first (its -am cannot read feature files). The two must name the same.
 */
class FeatureFilesTest {
    private static final Path FEATURES = Path.of("../features");

    @Test
    void theFeaturesPomBuildsExactlyTheLinnetBundlesTheFeatureFilesName() throws Exception {
        Path sources = Files.createTempDirectory("features-");
        Files.createSymbolicLink(sources.resolve("features"), FEATURES.resolve("src/main/features").toAbsolutePath());
        FeatureCatalog catalog = FeatureCatalog.read(sources);
        Set<String> named = catalog.all().stream().flatMap(f -> f.bundles().stream()).map(Feature.Bundle::artifact)
                .filter(a -> a.group().equals("io.linnet")).map(a -> a.artifact())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> built = new TreeSet<>();
        Matcher m = Pattern.compile("<groupId>io\\.linnet</groupId><artifactId>([a-z-]+)</artifactId>")
                .matcher(Files.readString(FEATURES.resolve("pom.xml")));
        while (m.find()) {
            built.add(m.group(1));
        }
        assertEquals(named, built);
        assertEquals(List.of("linnet-core"), catalog.closure(List.of("linnet-core")).stream().map(Feature::name).toList());
        Files.delete(sources.resolve("features"));
        Files.delete(sources);
    }
}
