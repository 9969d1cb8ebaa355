package io.linnet.api.build;

import io.linnet.api.model.DockerTime;
import io.linnet.api.model.Filters;
import io.linnet.engine.api.build.BuildCachePruneFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /build/prune} filters read from the query for the engine's cache, which applies them: {@code until} (and its old
 * name {@code unused-for}) is a Go duration ("24h") of disuse; id (prefix), parent, type,
 * description match exactly; inuse, shared, private are booleans; label and label! are taken and ignored.
 */
final class BuildCacheFilters {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private BuildCacheFilters() {
    }

    static BuildCachePruneFilter of(Filters f, Instant now) {
        try {
            // label and label! are accepted and not applied, as dockerd does: docker system prune passes its
            // filters to every prune it makes, and cache records have no labels
            f.accept("until", "unused-for", "id", "parent", "type", "description", "inuse", "shared", "private",
                    "label", "label!");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("invalid filter", "Invalid filter")); // buildkit's
        }
        List<Instant> unusedBefore = new ArrayList<>();
        for (String key : new String[] {"until", "unused-for"}) {
            if (f.get(key).size() > 1) {
                throw new IllegalArgumentException("duplicate " + key + " filter");
            }
            for (String value : f.get(key)) {
                unusedBefore.add(limit(key, value, now));
            }
        }
        return new BuildCachePruneFilter(unusedBefore, f.get("id"), f.get("parent"), f.get("type"),
                f.get("description"), bool(f, "inuse"), bool(f, "shared"), bool(f, "private"));
    }

    private static Optional<Boolean> bool(Filters f, String name) {
        return f.has(name) ? Optional.of(f.bool(name, false)) : Optional.empty();
    }

    private static Instant limit(String key, String value, Instant now) {
        try {
            return now.minus(goDuration(value));
        } catch (IllegalArgumentException notDuration) {
            try {
                return DockerTime.parseTimestamp(value, now); // a timestamp, as other prune endpoints take
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("\"" + key + "\" filter expects a duration (e.g., '24h'): "
                        + "time: invalid duration \"" + value + "\"");
            }
        }
    }

    /** Go's time.ParseDuration ("1h30m", "90s", "1.5h"). */
    static Duration goDuration(String text) {
        String s = text.strip();
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION_PART.matcher(s);
        int at = 0;
        double nanos = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("invalid duration " + text);
            }
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            at = m.end();
        }
        if (at == 0) {
            throw new IllegalArgumentException("invalid duration " + text);
        }
        Duration d = Duration.ofNanos((long) nanos);
        return negative ? d.negated() : d;
    }
}
