package io.linnet.volume.local;

import io.linnet.engine.api.InvalidParameterException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local driver's options, validated as moby's volume/local does (v24): {@code type},
 * {@code device} and {@code o} are the mount(8) arguments used when a container mounts the
 * volume; {@code size} is a quota, which this engine does not support.
 */
final class DriverOptions {
    static final Set<String> VALID = Set.of("type", "o", "device", "size");
    /** Which option needs which others; checked in this order (dockerd's map order is random). */
    private static final List<Map.Entry<String, List<String>>> MANDATORY = List.of(
            Map.entry("device", List.of("type")),
            Map.entry("type", List.of("device")),
            Map.entry("o", List.of("device", "type")));
    /** go-units RAMInBytes. */
    private static final Pattern SIZE = Pattern.compile("^(\\d+(\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    private DriverOptions() {
    }

    /**
     * @throws InvalidParameterException with dockerd's text (without the "create &lt;name&gt;: " prefix)
     */
    static void validate(Map<String, String> opts) {
        if (opts == null || opts.isEmpty()) {
            return;
        }
        for (String key : opts.keySet().stream().sorted().toList()) {
            if (!VALID.contains(key)) {
                throw new InvalidParameterException("invalid option: " + VolumeNames.goQuote(key));
            }
        }
        if (opts.containsKey("size")) {
            long size = ramInBytes(opts.get("size"));
            if (size > 0) {
                throw new InvalidParameterException("quota size requested but no quota support");
            }
        }
        for (Map.Entry<String, List<String>> rule : MANDATORY) {
            if (opts.containsKey(rule.getKey())) {
                for (String required : rule.getValue()) {
                    if (!opts.containsKey(required)) {
                        throw new InvalidParameterException("missing required option: "
                                + VolumeNames.goQuote(required));
                    }
                }
            }
        }
    }

    /** True when a container's use of the volume mounts something on its data directory. */
    static boolean needsMount(Map<String, String> opts) {
        return opts != null && (!opts.getOrDefault("device", "").isEmpty() || !opts.getOrDefault("type", "").isEmpty());
    }

    /** go-units RAMInBytes: binary multiples ("10m" = 10 MiB). */
    static long ramInBytes(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new InvalidParameterException("invalid size: '" + text + "'");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(m.group(1));
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("invalid size: '" + text + "'");
        }
        int shift = m.group(3) == null ? 0 : switch (Character.toLowerCase(m.group(3).charAt(0))) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 50;
        };
        return value.multiply(BigDecimal.valueOf(2).pow(shift)).longValue();
    }
}
