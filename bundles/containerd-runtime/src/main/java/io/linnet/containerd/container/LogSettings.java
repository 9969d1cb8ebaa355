package io.linnet.containerd.container;

import io.linnet.api.model.container.LogConfig;
import io.linnet.engine.api.InvalidParameterException;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's HostConfig.LogConfig: the json-file driver (also for "local", which keeps the same
 * files here) with max-size and max-file, or "none". Refused as dockerd refuses them.
 *
 * @param maxSize  bytes, -1 for no rotation
 * @param maxFiles files kept, at least 1
 */
record LogSettings(String driver, long maxSize, int maxFiles) {

    static final String JSON_FILE = "json-file";
    static final String NONE = "none";
    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b)?$");

    /** Whether the container's output is kept, so {@code docker logs} can read it. */
    boolean keeps() {
        return !driver.equals(NONE);
    }

    static LogSettings of(LogConfig config) {
        String driver = config.type();
        if (driver.isEmpty() || driver.equals("local")) {
            driver = JSON_FILE;
        }
        if (!driver.equals(JSON_FILE) && !driver.equals(NONE)) {
            throw new InvalidParameterException("logger: no log driver named '" + driver + "' is registered");
        }
        long maxSize = -1;
        int maxFiles = 1;
        boolean compress = false;
        Map<String, String> options = config.config() == null ? Map.of() : config.config();
        for (var option : options.entrySet()) {
            String value = option.getValue() == null ? "" : option.getValue();
            if (driver.equals(NONE)) {
                throw new InvalidParameterException("unknown log opt '" + option.getKey() + "' for none log driver");
            }
            switch (option.getKey()) {
                case "max-size" -> maxSize = bytes(value);
                case "max-file" -> {
                    try {
                        maxFiles = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new InvalidParameterException("invalid value for max-file: " + value);
                    }
                    if (maxFiles < 1) {
                        throw new InvalidParameterException("max-file cannot be less than 1");
                    }
                }
                case "compress" -> compress = goBool(value, "compress");
                case "labels", "labels-regex", "env", "env-regex", "tag", "mode", "max-buffer-size" -> {
                    // accepted as dockerd does; they change nothing in what is kept here
                }
                default -> throw new InvalidParameterException("unknown log opt '" + option.getKey()
                        + "' for json-file log driver");
            }
        }
        // as moby's json-file: max-file alone is taken (nothing rotates without max-size), compress alone is not
        if (compress && maxSize < 0) {
            throw new InvalidParameterException("compress cannot be true when max-size is not set");
        }
        return new LogSettings(driver, maxSize, maxFiles);
    }

    /** Go's strconv.ParseBool, with its error as the option's. */
    private static boolean goBool(String value, String option) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new InvalidParameterException("strconv.ParseBool: parsing \"" + value
                    + "\": invalid syntax");
        };
    }

    /** Go's units.RAMInBytes: "10m" is 10 MiB; a bare number is bytes. */
    static long bytes(String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidParameterException("invalid size: '" + value + "'");
        }
        double n = Double.parseDouble(m.group(1));
        int power = "kmgtp".indexOf(m.group(2)) + 1;
        return (long) (n * Math.pow(1024, m.group(2).isEmpty() ? 0 : power));
    }
}
