package io.linnet.api.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times as Docker writes and reads them. */
public final class DockerTime {
    /** Go's zero time, which dockerd prints for an unknown time. */
    public static final String ZERO = "0001-01-01T00:00:00Z";
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern UNIX = Pattern.compile("^-?\\d+(\\.\\d{1,9})?$");

    private DockerTime() {
    }

    /** Go's RFC3339Nano: UTC, fraction without trailing zeros. */
    public static String rfc3339Nano(Instant t) {
        if (t == null) {
            return ZERO;
        }
        String base = OffsetDateTime.ofInstant(t, ZoneOffset.UTC).withNano(0).toLocalDateTime().toString();
        if (base.length() == 16) {
            base += ":00"; // LocalDateTime drops zero seconds
        }
        int nanos = t.getNano();
        if (nanos == 0) {
            return base + "Z";
        }
        String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
        return base + "." + fraction + "Z";
    }

    /**
     * moby's timetypes.GetTimestamp: a Go duration ("10m", "1h30m") before {@code now}, an RFC
     * 3339 time (with or without zone and fraction), a date, or Unix seconds with an optional
     * fraction.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Instant parseTimestamp(String value, Instant now) {
        String v = value.trim();
        if (UNIX.matcher(v).matches()) {
            BigDecimal seconds = new BigDecimal(v);
            long whole = seconds.longValue();
            int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
            return Instant.ofEpochSecond(whole, nanos);
        }
        Duration d = parseGoDuration(v);
        if (d != null) {
            return now.minus(d);
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notWithZone) {
            // try the local forms below
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            // try a date
        }
        try {
            return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("failed to parse value as time or duration: \"" + value + "\"");
        }
    }

    /** A Go duration string ("1h30m", "10s", "1.5h"); null when it is not one. */
    static Duration parseGoDuration(String v) {
        if (v.isEmpty()) {
            return null;
        }
        boolean negative = v.startsWith("-");
        String rest = negative || v.startsWith("+") ? v.substring(1) : v;
        Matcher m = GO_DURATION_PART.matcher(rest);
        int pos = 0;
        double nanos = 0;
        while (m.find() && m.start() == pos) {
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            pos = m.end();
        }
        if (pos == 0 || pos != rest.length()) {
            return null;
        }
        Duration d = Duration.ofNanos((long) nanos);
        return negative ? d.negated() : d;
    }
}
