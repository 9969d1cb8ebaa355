package io.linnet.admin;

import io.linnet.features.Feature;
import io.linnet.features.FeatureCatalog;
import io.linnet.features.MavenId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * How far each feature of the runnable folder is loaded in the framework: Active (all its bundles
 * run), Stopped (all installed, not all running), Partial, or "-" (none installed). An aggregate
 * (no bundles of its own, such as linnet-default) stands for the features it needs.
 */
final class FeatureStates {
    /** A feature, its state and how many of its bundles run. */
    record State(Feature feature, String state, int active, int total) {
    }

    private FeatureStates() {
    }

    static List<State> of(BundleContext context, FeatureCatalog catalog) {
        List<State> states = new ArrayList<>();
        for (Feature f : catalog.all()) {
            List<Feature.Bundle> own = bundlesOf(catalog, f);
            int active = 0;
            int installed = 0;
            for (Feature.Bundle b : own) {
                Optional<Bundle> bundle = installed(context, catalog, b.artifact());
                if (bundle.isPresent()) {
                    installed++;
                    if (running(bundle.get())) {
                        active++;
                    }
                }
            }
            String state = installed == 0 ? "-" : active == own.size() ? "Active" : installed == own.size() ? "Stopped" : "Partial";
            states.add(new State(f, state, active, own.size()));
        }
        return states;
    }

    /** A feature's own bundles, or for an aggregate those of the features it needs. */
    static List<Feature.Bundle> bundlesOf(FeatureCatalog catalog, Feature feature) {
        return feature.bundles().isEmpty() ? catalog.bundles(List.of(feature.name())) : feature.bundles();
    }

    /** The bundle installed from the artifact's jar in the repository, if any. */
    static Optional<Bundle> installed(BundleContext context, FeatureCatalog catalog, MavenId artifact) {
        return Optional.ofNullable(context.getBundle(catalog.jar(artifact).toUri().toString()));
    }

    private static boolean running(Bundle b) {
        return b.getState() == Bundle.ACTIVE
                || (b.getState() == Bundle.RESOLVED && b.getHeaders().get(Constants.FRAGMENT_HOST) != null);
    }
}
