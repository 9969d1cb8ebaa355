package io.linnet.engine.api.image;

import java.util.List;
import java.util.Map;

/**
 * The run-time defaults an image carries (the {@code config} object of its OCI / Docker image
 * configuration). Lists and maps are never null; absent strings are empty; {@code healthcheck}
 * is null when the image has none.
 *
 * @param exposedPorts "80/tcp" style keys
 * @param volumes      container paths
 */
public record ImageConfig(
        String hostname,
        String domainname,
        String user,
        List<String> env,
        List<String> cmd,
        List<String> entrypoint,
        String workingDir,
        Map<String, String> labels,
        List<String> exposedPorts,
        List<String> volumes,
        String stopSignal,
        Healthcheck healthcheck,
        List<String> onBuild,
        List<String> shell,
        boolean argsEscaped) {

    /** A healthcheck as the image declares it; durations in nanoseconds, as Docker's JSON has them. */
    public record Healthcheck(List<String> test, long interval, long timeout, long startPeriod,
            long startInterval, int retries) {
    }

    public static ImageConfig empty() {
        return new ImageConfig("", "", "", List.of(), List.of(), List.of(), "", Map.of(), List.of(), List.of(), "",
                null, List.of(), List.of(), false);
    }
}
