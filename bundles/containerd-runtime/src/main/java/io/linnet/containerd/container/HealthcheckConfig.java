package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.engine.api.image.ImageConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container's healthcheck as it runs: Config.Healthcheck with dockerd's defaults (interval and
 * timeout 30 s, 3 retries, no start period). Durations in Docker's JSON are nanoseconds.
 *
 * @param command the probe as an exec command (CMD-SHELL already wrapped in the shell)
 */
record HealthcheckConfig(List<String> command, Duration interval, Duration timeout, Duration startPeriod,
        int retries) {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_RETRIES = 3;

    /** The healthcheck of a stored Config; empty without one, with Test ["NONE"] or an empty command. */
    static Optional<HealthcheckConfig> of(JsonNode config) {
        JsonNode h = config.path("Healthcheck");
        JsonNode test = h.path("Test");
        if (!test.isArray() || test.isEmpty()) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>();
        test.forEach(w -> words.add(w.asText()));
        List<String> command;
        switch (words.get(0)) {
            case "CMD" -> command = words.subList(1, words.size());
            case "CMD-SHELL" -> {
                command = new ArrayList<>(shell(config));
                command.add(String.join(" ", words.subList(1, words.size())));
            }
            default -> command = List.of(); // NONE, or a type dockerd does not know either
        }
        if (command.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HealthcheckConfig(List.copyOf(command),
                orDefault(h.path("Interval").asLong(0), DEFAULT_INTERVAL),
                orDefault(h.path("Timeout").asLong(0), DEFAULT_TIMEOUT),
                orDefault(h.path("StartPeriod").asLong(0), Duration.ZERO),
                h.path("Retries").asInt(0) > 0 ? h.path("Retries").asInt() : DEFAULT_RETRIES));
    }

    private static List<String> shell(JsonNode config) {
        List<String> shell = new ArrayList<>();
        config.path("Shell").forEach(w -> shell.add(w.asText()));
        return shell.isEmpty() ? List.of("/bin/sh", "-c") : shell;
    }

    private static Duration orDefault(long nanos, Duration fallback) {
        return nanos > 0 ? Duration.ofNanos(nanos) : fallback;
    }

    /**
     * dockerd's merge of the image's healthcheck into the container's Config: no Healthcheck takes
     * the image's; an empty Test takes the image's test, and zero durations or retries the image's.
     */
    static void mergeImage(ObjectNode config, ImageConfig.Healthcheck image) {
        if (image == null || image.test() == null || image.test().isEmpty()) {
            return;
        }
        JsonNode existing = config.get("Healthcheck");
        ObjectNode h = existing instanceof ObjectNode o ? o : config.putObject("Healthcheck");
        if (!h.path("Test").isArray() || h.path("Test").isEmpty()) {
            ArrayNode test = h.putArray("Test");
            image.test().forEach(test::add);
        }
        fill(h, "Interval", image.interval());
        fill(h, "Timeout", image.timeout());
        fill(h, "StartPeriod", image.startPeriod());
        if (h.path("Retries").asInt(0) == 0 && image.retries() != 0) {
            h.put("Retries", image.retries());
        }
    }

    private static void fill(ObjectNode h, String field, long imageValue) {
        if (h.path(field).asLong(0) == 0 && imageValue != 0) {
            h.put(field, imageValue);
        }
    }

    /** Go's time.Duration.String() for the durations a healthcheck has ("30s", "1.5s", "500ms", "1m0s"). */
    static String goDuration(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000_000_000L) {
            if (nanos % 1_000_000 == 0) {
                return nanos / 1_000_000 + "ms";
            }
            return trim(nanos / 1e6) + "ms";
        }
        long hours = nanos / 3_600_000_000_000L;
        long minutes = nanos / 60_000_000_000L % 60;
        double seconds = (nanos % 60_000_000_000L) / 1e9;
        StringBuilder out = new StringBuilder();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(trim(seconds)).append('s').toString();
    }

    private static String trim(double value) {
        String s = java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return s;
    }
}
