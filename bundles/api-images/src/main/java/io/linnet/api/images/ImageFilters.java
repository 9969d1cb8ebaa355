package io.linnet.api.images;

import io.linnet.api.model.Filters;
import io.linnet.engine.api.PruneFilter;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.api.image.ImageReference;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/** dockerd's filters for image list and prune, as predicates over engine images. */
final class ImageFilters {
    private ImageFilters() {
    }

    /**
     * {@code GET /images/json} filters: reference, dangling, label, before, since.
     *
     * @param createdOf resolves a before/since image reference to its creation time
     */
    static Predicate<Image> forList(Filters f, Function<String, Instant> createdOf) {
        f.accept("reference", "dangling", "label", "before", "since");
        Predicate<Image> p = image -> true;
        if (f.has("dangling")) {
            boolean dangling = f.bool("dangling", false);
            p = p.and(image -> image.dangling() == dangling);
        }
        if (f.has("label")) {
            p = p.and(image -> f.matchesLabels("label", image.config().labels()));
        }
        if (f.has("reference")) {
            Set<String> patterns = f.get("reference");
            p = p.and(image -> patterns.stream().anyMatch(pattern -> matchesReference(pattern, image)));
        }
        for (String bound : f.get("before")) {
            Instant limit = createdOf.apply(bound);
            p = p.and(image -> created(image).isBefore(limit));
        }
        for (String bound : f.get("since")) {
            Instant limit = createdOf.apply(bound);
            p = p.and(image -> created(image).isAfter(limit));
        }
        return p;
    }

    /** {@code POST /images/prune} filters besides dangling: until, label, label! (the engine applies them). */
    static PruneFilter forPrune(Filters f, Instant now) {
        f.accept("dangling", "until", "label", "label!");
        return new PruneFilter(f.until(now), List.copyOf(f.get("label")), List.copyOf(f.get("label!")));
    }

    /** reference.FamiliarMatch: the pattern against "name:tag" and against the bare name. */
    static boolean matchesReference(String pattern, Image image) {
        return image.repoTags().stream().anyMatch(tag -> familiarMatch(pattern, tag));
    }

    /**
     * The image as a list filtered by reference shows it, as dockerd: only its names (tags and
     * digests) that a pattern matches; null when none does.
     */
    static Image withMatchingNames(Filters f, Image image) {
        if (!f.has("reference")) {
            return image;
        }
        Set<String> patterns = f.get("reference");
        Predicate<String> matching = name -> patterns.stream().anyMatch(pattern -> familiarMatch(pattern, name));
        List<String> tags = image.repoTags().stream().filter(matching).toList();
        List<String> digests = image.repoDigests().stream().filter(matching).toList();
        if (tags.isEmpty() && digests.isEmpty()) {
            return null;
        }
        return new Image(image.id(), tags, digests, image.parent(), image.comment(), image.created(), image.author(),
                image.dockerVersion(), image.architecture(), image.variant(), image.os(), image.config(),
                image.diffIds(), image.size(), image.layerSizes(), image.manifestDigest(), image.lastTagTime());
    }

    private static boolean familiarMatch(String pattern, String name) {
        ImageReference ref = ImageReference.parse(name);
        return Filters.globMatches(pattern, name) || Filters.globMatches(pattern, ref.familiarRepository());
    }

    private static Instant created(Image image) {
        return image.created() == null ? Instant.EPOCH : image.created();
    }
}
