package io.linnet.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The features of a runnable folder: {@code features/*.json} in the Apache Sling feature model's
 * JSON (the OSGi feature format plus Sling's extensions), and the bundles they name under
 * {@code repository/} in Maven's layout. A feature says what it needs in the optional artifacts
 * extension {@value #REQUIRES} ({@code "linnet-requires:ARTIFACTS|optional": [feature ids]}, which
 * Sling's tools write back as {@code |false}); a feature is named by its id's classifier.
 */
public final class FeatureCatalog {
    /** The extension (name, kind ARTIFACTS) listing the features a feature needs. */
    public static final String REQUIRES = "linnet-requires";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Feature> features;
    private final Path repository;

    private FeatureCatalog(Map<String, Feature> features, Path repository) {
        this.features = features;
        this.repository = repository;
    }

    /** Reads {@code home/features/*.json}; the bundles are looked up in {@code home/repository}. */
    public static FeatureCatalog read(Path home) throws IOException {
        Map<String, Feature> byName = new TreeMap<>();
        Path dir = home.resolve("features");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    Feature feature = parse(file);
                    byName.put(feature.name(), feature);
                }
            }
        }
        return new FeatureCatalog(byName, home.resolve("repository"));
    }

    static Feature parse(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        // a feature's name is its id's classifier (the build names the files feature-NAME.json)
        String id = root.path("id").asText("");
        String name = id.isEmpty() ? file.getFileName().toString().replaceFirst("\\.json$", "")
                : MavenId.parse(id).classifier();
        List<Feature.Bundle> bundles = new ArrayList<>();
        for (JsonNode b : root.path("bundles")) {
            // a bundle is an id, or an object with an id and optional properties such as start-order
            String bundleId = b.isTextual() ? b.asText() : b.path("id").asText();
            bundles.add(new Feature.Bundle(MavenId.parse(bundleId), b.path("start-order").asInt(0)));
        }
        List<String> requires = new ArrayList<>();
        JsonNode needed = requiresExtension(root);
        for (JsonNode r : needed) {
            String featureId = r.isTextual() ? r.asText() : r.path("id").asText();
            requires.add(MavenId.parse(featureId).classifier());
        }
        return new Feature(name, id, root.path("title").asText(name),
                List.copyOf(bundles), List.copyOf(requires));
    }

    private static JsonNode requiresExtension(JsonNode root) {
        for (var fields = root.fields(); fields.hasNext(); ) {
            var field = fields.next();
            if (field.getKey().startsWith(REQUIRES + ":")) {
                return field.getValue();
            }
        }
        return JSON.createArrayNode();
    }

    public List<Feature> all() {
        return List.copyOf(features.values());
    }

    public Optional<Feature> feature(String name) {
        return Optional.ofNullable(features.get(name));
    }

    /** The named features and all they need, each once, needed ones first. */
    public List<Feature> closure(List<String> names) {
        Set<String> seen = new LinkedHashSet<>();
        for (String name : names) {
            visit(name, seen, new LinkedHashSet<>());
        }
        return seen.stream().map(features::get).toList();
    }

    private void visit(String name, Set<String> seen, Set<String> path) {
        if (seen.contains(name)) {
            return;
        }
        Feature feature = features.get(name);
        if (feature == null) {
            throw new IllegalArgumentException("no feature " + name + " (features: " + String.join(", ", features.keySet()) + ")");
        }
        if (!path.add(name)) {
            throw new IllegalArgumentException("features need each other in a circle: " + path);
        }
        for (String needed : feature.requires()) {
            visit(needed, seen, path);
        }
        seen.add(name);
    }

    /**
     * The bundles of the named features and of those they need, each artifact once (its first
     * mention wins), ordered by start order, then as listed.
     */
    public List<Feature.Bundle> bundles(List<String> names) {
        Map<String, Feature.Bundle> byKey = new LinkedHashMap<>();
        for (Feature feature : closure(names)) {
            for (Feature.Bundle b : feature.bundles()) {
                byKey.putIfAbsent(b.artifact().key(), b);
            }
        }
        List<Feature.Bundle> ordered = new ArrayList<>(byKey.values());
        ordered.sort(Comparator.comparingInt(Feature.Bundle::startOrder));
        return ordered;
    }

    /** Where a feature's bundle lies in this folder's repository. */
    public Path jar(MavenId artifact) {
        return artifact.in(repository);
    }

    public Path repository() {
        return repository;
    }
}
