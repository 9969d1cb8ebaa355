package io.linnet.builder.dockerfile;

import io.linnet.engine.api.image.ImageConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HEALTHCHECK [--interval --timeout --start-period --start-interval --retries] CMD ... | NONE: read
 * into the image's healthcheck, and written back as dockerd writes it into image history.
 */
public final class Healthchecks {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private Healthchecks() {
    }

    static ImageConfig.Healthcheck parse(RawInstruction i) {
        String rest = i.rest();
        String[] parts = rest.split("\\s+", 2);
        String kind = parts[0].toUpperCase(Locale.ROOT);
        if (kind.equals("NONE")) {
            if (parts.length > 1 || !i.flags().isEmpty()) {
                throw new DockerfileParseException(i.line(), "HEALTHCHECK NONE takes no arguments");
            }
            return new ImageConfig.Healthcheck(List.of("NONE"), 0, 0, 0, 0, 0);
        }
        if (!kind.equals("CMD") || parts.length < 2) {
            throw new DockerfileParseException(i.line(), "Unknown type \"" + parts[0] + "\" in HEALTHCHECK (try CMD)");
        }
        String command = parts[1].strip();
        List<String> test = new ArrayList<>();
        List<String> json = command.startsWith("[") ? DockerfileParser.jsonArray(command) : null;
        if (json != null) {
            test.add("CMD");
            test.addAll(json);
        } else {
            test.add("CMD-SHELL");
            test.add(command);
        }
        long interval = 0;
        long timeout = 0;
        long startPeriod = 0;
        long startInterval = 0;
        int retries = 0;
        for (var flag : i.flags().entrySet()) {
            switch (flag.getKey()) {
                case "interval" -> interval = duration(i, flag.getKey(), flag.getValue());
                case "timeout" -> timeout = duration(i, flag.getKey(), flag.getValue());
                case "start-period" -> startPeriod = duration(i, flag.getKey(), flag.getValue());
                case "start-interval" -> startInterval = duration(i, flag.getKey(), flag.getValue());
                case "retries" -> {
                    try {
                        retries = Integer.parseInt(flag.getValue());
                    } catch (NumberFormatException e) {
                        throw new DockerfileParseException(i.line(), "invalid retries: " + flag.getValue());
                    }
                    if (retries < 1) {
                        throw new DockerfileParseException(i.line(), "--retries must be at least 1 (not " + retries + ")");
                    }
                }
                default -> throw new DockerfileParseException(i.line(), "Unknown flag: " + flag.getKey());
            }
        }
        return new ImageConfig.Healthcheck(List.copyOf(test), interval, timeout, startPeriod, startInterval, retries);
    }

    /** Go's time.ParseDuration for the units Docker users write; nanoseconds. */
    static long duration(RawInstruction i, String flag, String text) {
        if (text.equals("0")) {
            return 0;
        }
        Matcher m = DURATION_PART.matcher(text);
        long total = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            double v = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total += (long) (v * unit);
            end = m.end();
        }
        if (end != text.length() || text.isEmpty()) {
            throw new DockerfileParseException(i.line(), "time: invalid duration \"" + text + "\"");
        }
        if (total < 1_000_000) {
            throw new DockerfileParseException(i.line(), "Interval \"" + flag + "\" cannot be less than 1ms");
        }
        return total;
    }

    /** The created_by text of a healthcheck, close to dockerd's. */
    public static String describe(ImageConfig.Healthcheck h) {
        // Go's %v of moby's HealthConfig (as dockerd 20.10 prints it)
        return "&{" + GoFormat.quotedList(h.test()) + " \"" + goDuration(h.interval()) + "\" \"" + goDuration(h.timeout())
                + "\" \"" + goDuration(h.startPeriod()) + "\" '\\x" + String.format("%02x", h.retries() & 0xff) + "'}";
    }

    /** Go's time.Duration String() for whole milliseconds and up. */
    static String goDuration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000_000_000L) {
            return trim(nanos / 1_000_000.0) + "ms";
        }
        long h = nanos / 3_600_000_000_000L;
        long m = nanos % 3_600_000_000_000L / 60_000_000_000L;
        double sec = nanos % 60_000_000_000L / 1e9;
        StringBuilder out = new StringBuilder();
        if (h > 0) {
            out.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            out.append(m).append('m');
        }
        return out.append(trim(sec)).append('s').toString();
    }

    private static String trim(double v) {
        String s = new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        return s;
    }
}
