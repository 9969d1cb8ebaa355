package io.linnet.engine.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * dockerd's prune filters that container, image, network and volume prune share: {@code until}
 * (created before), {@code label} (every term holds) and {@code label!} (excluded when every term
 * holds: moby's matchLabels, two MatchKVList calls). A term is {@code key} (the label is set) or
 * {@code key=value}. The endpoint reads them from the query; the engine applies them.
 *
 * @param createdBefore the {@code until} times, already resolved (durations are relative to the request)
 * @param labels        {@code label} terms
 * @param notLabels     {@code label!} terms
 */
public record PruneFilter(List<Instant> createdBefore, List<String> labels, List<String> notLabels) {
    /** No filter: everything the prune would take. */
    public static final PruneFilter NONE = new PruneFilter(List.of(), List.of(), List.of());

    public PruneFilter {
        createdBefore = List.copyOf(createdBefore);
        labels = List.copyOf(labels);
        notLabels = List.copyOf(notLabels);
    }

    /** Whether an object created then (null: unknown, the epoch) with these labels may be pruned. */
    public boolean accepts(Instant created, Map<String, String> objectLabels) {
        Instant when = created == null ? Instant.EPOCH : created;
        Map<String, String> held = objectLabels == null ? Map.of() : objectLabels;
        return createdBefore.stream().allMatch(when::isBefore)
                && labels.stream().allMatch(term -> holds(term, held))
                && (notLabels.isEmpty() || !notLabels.stream().allMatch(term -> holds(term, held)));
    }

    private static boolean holds(String term, Map<String, String> held) {
        int eq = term.indexOf('=');
        return eq < 0 ? held.containsKey(term) : term.substring(eq + 1).equals(held.get(term.substring(0, eq)));
    }
}
