package io.linnet.engine.api.build;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code POST /build/prune} filters as dockerd hands them to its cache. The endpoint reads them
 * from the query (durations already resolved against the request's time); the cache applies them.
 * An empty set or an absent boolean does not filter.
 *
 * @param unusedBefore {@code until} / {@code unused-for}: last used before each of these
 * @param idPrefixes   {@code id}: the record's ID starts with one of them
 * @param parents      {@code parent}: one of them is among the record's parents
 * @param types        {@code type}: exact
 * @param descriptions {@code description}: exact
 * @param inUse        {@code inuse}
 * @param shared       {@code shared}
 * @param privateOnly  {@code private}: true takes the records that are not shared
 */
public record BuildCachePruneFilter(List<Instant> unusedBefore, Set<String> idPrefixes, Set<String> parents,
        Set<String> types, Set<String> descriptions, Optional<Boolean> inUse, Optional<Boolean> shared,
        Optional<Boolean> privateOnly) {
    /** No filter. */
    public static final BuildCachePruneFilter NONE = new BuildCachePruneFilter(List.of(), Set.of(), Set.of(),
            Set.of(), Set.of(), Optional.empty(), Optional.empty(), Optional.empty());

    public BuildCachePruneFilter {
        unusedBefore = List.copyOf(unusedBefore);
        idPrefixes = Set.copyOf(idPrefixes);
        parents = Set.copyOf(parents);
        types = Set.copyOf(types);
        descriptions = Set.copyOf(descriptions);
    }

    /** Whether the record may be pruned. */
    public boolean accepts(BuildCacheRecord r) {
        return unusedBefore.stream().allMatch(r.lastUsedAt()::isBefore)
                && (idPrefixes.isEmpty() || idPrefixes.stream().anyMatch(r.id()::startsWith))
                && (parents.isEmpty() || parents.stream().anyMatch(r.parents()::contains))
                && (types.isEmpty() || types.contains(r.type()))
                && (descriptions.isEmpty() || descriptions.contains(r.description()))
                && inUse.map(want -> r.inUse() == want).orElse(true)
                && shared.map(want -> r.shared() == want).orElse(true)
                && privateOnly.map(want -> !r.shared() == want).orElse(true);
    }
}
