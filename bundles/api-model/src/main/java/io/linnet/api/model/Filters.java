package io.linnet.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} query parameter of list and prune endpoints, in both of Docker's formats:
 * {@code {"label":{"a=b":true}}} and the legacy {@code {"label":["a=b"]}}.
 */
public final class Filters {
    private static final Filters EMPTY = new Filters(Map.of());
    private final Map<String, Set<String>> values;

    private Filters(Map<String, Set<String>> values) {
        this.values = values;
    }

    /**
     * Parses the parameter's JSON; null or empty means no filters.
     *
     * @param json   the raw parameter
     * @param parser turns JSON text into maps/lists (Jackson's, supplied by the caller)
     * @throws IllegalArgumentException with dockerd's wording for malformed filters
     */
    public static Filters parse(String json, JsonReader parser) {
        if (json == null || json.isBlank()) {
            return EMPTY;
        }
        Object tree;
        try {
            tree = parser.read(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid filter: " + e.getMessage());
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("invalid filter: expected a JSON object");
        }
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Set<String> set = new LinkedHashSet<>();
            if (e.getValue() instanceof Map<?, ?> terms) {
                for (Map.Entry<?, ?> term : terms.entrySet()) {
                    if (Boolean.TRUE.equals(term.getValue())) {
                        set.add(String.valueOf(term.getKey()));
                    }
                }
            } else if (e.getValue() instanceof List<?> terms) {
                for (Object term : terms) {
                    set.add(String.valueOf(term));
                }
            } else {
                throw new IllegalArgumentException("invalid filter: values of '" + key + "' must be a list or map");
            }
            values.put(key, Collections.unmodifiableSet(set));
        }
        return new Filters(values);
    }

    /** Reads JSON text into plain maps, lists and scalars. */
    @FunctionalInterface
    public interface JsonReader {
        Object read(String json) throws Exception;
    }

    /** Refuses filter names the endpoint does not know, as dockerd does. */
    public Filters accept(String... names) {
        Set<String> known = Set.of(names);
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("invalid filter '" + key + "'");
            }
        }
        return this;
    }

    public boolean has(String name) {
        return values.containsKey(name) && !values.get(name).isEmpty();
    }

    public Set<String> get(String name) {
        return values.getOrDefault(name, Set.of());
    }

    /**
     * A boolean filter ("true"/"1"/"false"/"0"); {@code fallback} when absent.
     *
     * @throws IllegalArgumentException for any other value
     */
    public boolean bool(String name, boolean fallback) {
        Set<String> v = get(name);
        if (v.isEmpty()) {
            return fallback;
        }
        boolean sawTrue = false;
        boolean sawFalse = false;
        for (String s : v) {
            switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1" -> sawTrue = true;
                case "false", "0" -> sawFalse = true;
                default -> throw new IllegalArgumentException("invalid filter '" + name + "=" + s + "'");
            }
        }
        if (sawTrue == sawFalse) {
            return fallback; // both given: neither wins
        }
        return sawTrue;
    }

    /**
     * The {@code until} values of a prune filter as times: timestamps, or durations before {@code now}.
     *
     * @throws IllegalArgumentException with dockerd's wording for a value that is neither
     */
    public List<java.time.Instant> until(java.time.Instant now) {
        return get("until").stream().map(value -> DockerTime.parseTimestamp(value, now)).toList();
    }

    /**
     * The "label" filter against an object's labels: every "key" must be present and every
     * "key=value" must match.
     */
    public boolean matchesLabels(String name, Map<String, String> labels) {
        for (String term : get(name)) {
            int eq = term.indexOf('=');
            if (eq < 0) {
                if (!labels.containsKey(term)) {
                    return false;
                }
            } else if (!term.substring(eq + 1).equals(labels.get(term.substring(0, eq)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Go's path.Match as Docker uses it for name and reference filters: {@code *} and {@code ?}
     * do not cross '/', {@code [...]} classes.
     */
    public static boolean globMatches(String pattern, String text) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                case '[' -> {
                    int end = pattern.indexOf(']', i + 1);
                    if (end < 0) {
                        return false;
                    }
                    String cls = pattern.substring(i + 1, end);
                    if (cls.startsWith("^")) {
                        cls = "^" + cls.substring(1);
                    }
                    regex.append('[').append(cls.replace("\\", "\\\\")).append(']');
                    i = end;
                }
                case '\\' -> {
                    if (i + 1 < pattern.length()) {
                        regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    }
                }
                default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return text.matches(regex.toString());
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
