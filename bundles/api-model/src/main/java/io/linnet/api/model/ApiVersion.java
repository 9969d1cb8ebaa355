package io.linnet.api.model;

import java.util.Optional;

/**
 * The Docker API versions this daemon speaks, and the parsing of a request path's
 * {@code /v1.xx} prefix with dockerd's rules and messages.
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {

    public static final ApiVersion CURRENT = new ApiVersion(1, 43);
    public static final ApiVersion MINIMUM = new ApiVersion(1, 24);

    private static final String CURRENT_TEXT = CURRENT.toString();

    /** A path split into the version its prefix named (if any) and the rest of the path. */
    public record Prefixed(Optional<String> requested, String path) {
    }

    /** Splits a request path into its optional version prefix and the route path. */
    public static Prefixed splitPath(String path) {
        // dockerd's router matches "/v{version:[0-9.]+}" as the first segment. Scanned by hand: it
        // runs on every request, and the regular expression was 4 % of a ping's CPU.
        int end = 2;
        if (path.startsWith("/v")) {
            while (end < path.length() && (path.charAt(end) >= '0' && path.charAt(end) <= '9'
                    || path.charAt(end) == '.')) {
                end++;
            }
        }
        if (end == 2 || end < path.length() && path.charAt(end) != '/') {
            return new Prefixed(Optional.empty(), path);
        }
        String rest = path.substring(end);
        return new Prefixed(Optional.of(path.substring(2, end)), rest.isEmpty() ? "/" : rest);
    }

    /**
     * The version a client asked for, checked against the supported range.
     *
     * @return the parsed version, or {@link #CURRENT} when none was asked for
     * @throws IllegalArgumentException with dockerd's message when out of range or malformed
     */
    public static ApiVersion negotiate(Optional<String> requested) {
        if (requested.isEmpty()) {
            return CURRENT;
        }
        String text = requested.get();
        if (text.equals(CURRENT_TEXT)) {
            return CURRENT; // what nearly every client asks for, without the parsing
        }
        if (compare(text, CURRENT.toString()) > 0) {
            throw new IllegalArgumentException("client version " + text
                    + " is too new. Maximum supported API version is " + CURRENT);
        }
        if (compare(text, MINIMUM.toString()) < 0) {
            throw new IllegalArgumentException("client version " + text
                    + " is too old. Minimum supported API version is " + MINIMUM
                    + ", please upgrade your client to a newer version");
        }
        // In range, so at least "1.x": parts past the second are ignored as dockerd ignores them.
        return parse(text).orElse(CURRENT);
    }

    /** moby's versions.compare: dot-separated numbers, a missing or non-numeric part counts as 0. */
    static int compare(String a, String b) {
        String[] x = a.split("\\.", -1);
        String[] y = b.split("\\.", -1);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(part(x, i), part(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int part(String[] parts, int i) {
        if (i >= parts.length) {
            return 0;
        }
        try {
            return Integer.parseInt(parts[i]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Parses "1.43" (extra parts ignored); empty for anything that does not start with two numbers. */
    public static Optional<ApiVersion> parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ApiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isBefore(ApiVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(ApiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
