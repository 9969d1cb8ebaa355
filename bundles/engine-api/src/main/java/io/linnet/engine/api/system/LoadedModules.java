package io.linnet.engine.api.system;

import java.util.List;

/** What the running daemon is made of, as {@code GET /info}'s Linnet section shows it. */
public interface LoadedModules {
    /** The features of the runnable folder that have bundles installed, with their state. */
    List<FeatureState> features();

    /** Every installed bundle, in install order. */
    List<BundleState> bundles();

    /** A feature and its state: Active (all its bundles run), Stopped, Partial. */
    record FeatureState(String name, String state) {
    }

    /** A bundle: symbolic name, version and state (Active, Resolved, Installed...). */
    record BundleState(String name, String version, String state) {
    }
}
