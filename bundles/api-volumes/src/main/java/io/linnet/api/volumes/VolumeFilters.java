package io.linnet.api.volumes;

import io.linnet.api.model.Filters;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.PruneFilter;
import io.linnet.engine.api.volume.Volume;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The {@code filters} of {@code GET /volumes} and {@code POST /volumes/prune}, as moby's volume service reads them. */
final class VolumeFilters {
    private VolumeFilters() {
    }

    /**
     * List filters: {@code name} (moby's Args.Match: exact, or an unanchored regular expression),
     * {@code driver} (exact), {@code label} (key or key=value, all must hold), {@code dangling}.
     *
     * @param references number of containers using a volume
     */
    static Predicate<Volume> forList(Filters f, ToIntFunction<String> references) {
        accept(f, "dangling", "name", "driver", "label");
        Predicate<Volume> p = v -> true;
        Set<String> drivers = f.get("driver");
        if (!drivers.isEmpty()) {
            p = p.and(v -> drivers.contains(v.driver()));
        }
        Set<String> names = f.get("name");
        if (!names.isEmpty()) {
            p = p.and(v -> nameMatches(names, v.name()));
        }
        Set<String> labels = f.get("label");
        p = p.and(v -> matchKvList(labels, v.labels() == null ? Map.of() : v.labels()));
        if (f.has("dangling")) {
            boolean dangling = bool(f, "dangling");
            p = p.and(v -> (references.applyAsInt(v.name()) == 0) == dangling);
        }
        return p;
    }

    /** Prune filters: {@code label}, {@code label!} and {@code all} (see {@link #pruneAll}); the engine applies them. */
    static PruneFilter forPrune(Filters f) {
        accept(f, "label", "label!", "all");
        return new PruneFilter(List.of(), List.copyOf(f.get("label")), List.copyOf(f.get("label!")));
    }

    /**
     * The {@code all} prune filter (moby's withPrune): one value, parsed as Go's strconv.ParseBool.
     * Requests of API versions before 1.42 always prune every unused volume.
     */
    static boolean pruneAll(Filters f, boolean olderApi) {
        Set<String> all = f.get("all");
        if (all.size() > 1) {
            throw new InvalidParameterException("invalid filter 'all=" + goList(all) + "': only one value is expected");
        }
        boolean value = false;
        if (all.size() == 1) {
            String s = all.iterator().next();
            value = switch (s) {
                case "1", "t", "T", "TRUE", "true", "True" -> true;
                case "0", "f", "F", "FALSE", "false", "False" -> false;
                default -> throw new InvalidParameterException("invalid filter 'all': strconv.ParseBool: parsing "
                        + "\"" + s + "\": invalid syntax");
            };
        }
        return value || olderApi;
    }

    /** moby's Args.MatchKVList. */
    static boolean matchKvList(Set<String> terms, Map<String, String> labels) {
        if (terms.isEmpty()) {
            return true;
        }
        if (labels.isEmpty()) {
            return false;
        }
        for (String term : terms) {
            int eq = term.indexOf('=');
            String key = eq < 0 ? term : term.substring(0, eq);
            if (!labels.containsKey(key)) {
                return false;
            }
            if (eq >= 0 && !term.substring(eq + 1).equals(labels.get(key))) {
                return false;
            }
        }
        return true;
    }

    /** moby's Args.Match: an exact match, or a match of the value as an (unanchored) regular expression. */
    static boolean nameMatches(Set<String> patterns, String name) {
        if (patterns.contains(name)) {
            return true;
        }
        for (String pattern : patterns) {
            try {
                if (Pattern.compile(pattern).matcher(name).find()) {
                    return true;
                }
            } catch (PatternSyntaxException ignored) {
                // moby skips patterns that do not compile
            }
        }
        return false;
    }

    private static void accept(Filters f, String... names) {
        try {
            f.accept(names);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(e.getMessage());
        }
    }

    /** moby's GetBoolOrDefault, with its error text ("invalid filter 'dangling=[x]'"). */
    private static boolean bool(Filters f, String name) {
        Set<String> values = f.get(name);
        boolean isFalse = false;
        boolean isTrue = false;
        for (String v : values) {
            switch (v) {
                case "0", "false" -> isFalse = true;
                case "1", "true" -> isTrue = true;
                default -> { }
            }
        }
        if (isFalse == isTrue) {
            throw new InvalidParameterException("invalid filter '" + name + "=" + goList(values) + "'");
        }
        return isTrue;
    }

    /** Go's %s of a []string. */
    private static String goList(Set<String> values) {
        return "[" + String.join(" ", values.stream().sorted().toList()) + "]";
    }
}
