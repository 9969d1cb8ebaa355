package io.linnet.api.build;

import io.linnet.api.model.DockerTime;
import io.linnet.api.model.Filters;
import io.linnet.engine.api.build.BuildCacheRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /build/prune} filters as dockerd hands them to its cache: {@code until} (and its old
 * name {@code unused-for}) is a Go duration ("24h") of disuse; id (prefix), parent, type,
 * description match exactly; inuse, shared, private are booleans; label and label! are taken and ignored.
 */
final class BuildCacheFilters {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private BuildCacheFilters() {
    }

    static Predicate<BuildCacheRecord> of(Filters f, Instant now) {
        try {
            // label and label! are accepted and not applied, as dockerd does: docker system prune passes its
            // filters to every prune it makes, and cache records have no labels
            f.accept("until", "unused-for", "id", "parent", "type", "description", "inuse", "shared", "private",
                    "label", "label!");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("invalid filter", "Invalid filter")); // buildkit's
        }
        Predicate<BuildCacheRecord> p = r -> true;
        for (String key : new String[] {"until", "unused-for"}) {
            if (f.get(key).size() > 1) {
                throw new IllegalArgumentException("duplicate " + key + " filter");
            }
            for (String value : f.get(key)) {
                Instant limit = limit(key, value, now);
                p = p.and(r -> r.lastUsedAt().isBefore(limit));
            }
        }
        if (f.has("id")) {
            p = p.and(r -> f.get("id").stream().anyMatch(id -> r.id().startsWith(id)));
        }
        if (f.has("parent")) {
            p = p.and(r -> f.get("parent").stream().anyMatch(r.parents()::contains));
        }
        if (f.has("type")) {
            p = p.and(r -> f.get("type").contains(r.type()));
        }
        if (f.has("description")) {
            p = p.and(r -> f.get("description").contains(r.description()));
        }
        if (f.has("inuse")) {
            boolean want = f.bool("inuse", false);
            p = p.and(r -> r.inUse() == want);
        }
        if (f.has("shared")) {
            boolean want = f.bool("shared", false);
            p = p.and(r -> r.shared() == want);
        }
        if (f.has("private")) {
            boolean want = f.bool("private", false);
            p = p.and(r -> !r.shared() == want);
        }
        return p;
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
