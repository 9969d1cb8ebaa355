package io.linnet.features;

import java.util.List;

/**
 * One feature file: its name (the file name, which is also the id's classifier), its id, its
 * bundles with their start order, and the names of the features it needs.
 */
public record Feature(String name, String id, String title, List<Bundle> bundles, List<String> requires) {

    /** A bundle of a feature; a lower start order starts earlier. */
    public record Bundle(MavenId artifact, int startOrder) {
    }
}
