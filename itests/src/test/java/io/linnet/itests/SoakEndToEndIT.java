package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * scripts/soak.sh for a minute with four clients (run, exec, logs, cp, build, pull, network
 * connect, volumes side by side; it starts its own daemon): hardly an operation fails, and once
 * the clients' objects are gone nothing they made stays behind, neither on the host (containers,
 * mounts, iptables rules, network namespaces, FIFOs, shims, log writers) nor in the daemon
 * (threads and descriptors back near their start figures; RSS flat over the second half of the
 * run, the first having warmed compiled code and pools).
 */
class SoakEndToEndIT {
    private static final Path SCRIPT = Path.of("../scripts/soak.sh");
    private static final Pattern FIGURE = Pattern.compile("(\\w+)=(\\d+)");
    private static final List<String> HOST_OBJECTS =
            List.of("containers", "mounts", "rules", "netns", "fifos", "shims", "writers");

    @Test
    void aMinuteOfMixedWorkFromFourClientsLeaksNothing() throws Exception {
        // a minute's run: its first half warms less compiled code than the script's ten minutes, so the
        // second half may still grow a little more than the script's 8 %
        Commands.Result soak = Commands.run(Map.of("SOAK_REPORT_DIR", Path.of("target/soak").toAbsolutePath().toString(),
                        "SOAK_RSS_SECOND_HALF_SLACK_PERCENT", "15"),
                List.of("bash", SCRIPT.toString(), "60", "4"), Duration.ofMinutes(4));
        String out = soak.stdout();
        System.out.println(out); // the figures, for the build log
        Map<String, Long> start = figures(out, "start:");
        Map<String, Long> end = figures(out, "end:");
        for (String object : HOST_OBJECTS) {
            assertTrue(end.get(object) <= start.get(object), object + " leaked:\n" + out);
        }
        // loose: pools may keep a few more workers than at the start
        assertTrue(end.get("threads") <= start.get("threads") * 5 / 4 + 8, "threads leaked:\n" + out);
        assertTrue(end.get("fds") <= start.get("fds") * 5 / 4 + 8, "descriptors leaked:\n" + out);
        assertTrue(end.get("rss_kb") <= start.get("rss_kb") * 13 / 10, "RSS grew by more than 30 %:\n" + out);
        Map<String, Long> half = figures(out, "half:");
        assertTrue(end.get("rss_kb") <= half.get("rss_kb") * 115 / 100, "RSS grew in the second half:\n" + out);

        Matcher ops = Pattern.compile("operations: (\\d+) in 60s from 4 clients, (\\d+) failed").matcher(out);
        assertTrue(ops.find(), out + soak.stderr());
        int done = Integer.parseInt(ops.group(1));
        assertTrue(done >= 40, "too little work to tell anything:\n" + out);
        // loose: the script reports every failed operation; a rare one under CI load is not a leak
        assertTrue(Integer.parseInt(ops.group(2)) <= 4, "failed operations:\n" + out + soak.stderr());
        assertEquals(0, soak.exitCode(), out + soak.stderr());
    }

    private static Map<String, Long> figures(String out, String label) {
        String line = out.lines().filter(l -> l.startsWith(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + label + "' figures:\n" + out));
        Map<String, Long> figures = new LinkedHashMap<>();
        Matcher m = FIGURE.matcher(line);
        while (m.find()) {
            figures.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return figures;
    }
}
