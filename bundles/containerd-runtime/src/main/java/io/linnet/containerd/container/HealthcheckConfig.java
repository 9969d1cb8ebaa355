package io.linnet.containerd.container;

import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.container.ContainerConfig.HealthConfig;
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
    static Optional<HealthcheckConfig> of(ContainerConfig config) {
        HealthConfig h = config.healthcheck();
        if (h == null || h.test() == null || h.test().isEmpty()) {
            return Optional.empty();
        }
        List<String> words = h.test().stream().map(w -> w == null ? "" : w).toList();
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
                orDefault(h.interval(), DEFAULT_INTERVAL),
                orDefault(h.timeout(), DEFAULT_TIMEOUT),
                orDefault(h.startPeriod(), Duration.ZERO),
                h.retries() > 0 ? h.retries() : DEFAULT_RETRIES));
    }

    private static List<String> shell(ContainerConfig config) {
        return config.shell() == null || config.shell().isEmpty() ? List.of("/bin/sh", "-c") : config.shell();
    }

    private static Duration orDefault(long nanos, Duration fallback) {
        return nanos > 0 ? Duration.ofNanos(nanos) : fallback;
    }

    /**
     * dockerd's merge of the image's healthcheck into the container's Config: no Healthcheck takes
     * the image's; an empty Test takes the image's test, and zero durations or retries the image's.
     */
    static HealthConfig mergeImage(HealthConfig own, ImageConfig.Healthcheck image) {
        if (image == null || image.test() == null || image.test().isEmpty()) {
            return own;
        }
        HealthConfig h = own == null ? new HealthConfig(null, 0, 0, 0, 0, 0) : own;
        return new HealthConfig(h.test() == null || h.test().isEmpty() ? List.copyOf(image.test()) : h.test(),
                h.interval() == 0 ? image.interval() : h.interval(),
                h.timeout() == 0 ? image.timeout() : h.timeout(),
                h.retries() == 0 ? image.retries() : h.retries(),
                h.startPeriod() == 0 ? image.startPeriod() : h.startPeriod(),
                h.startInterval());
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
