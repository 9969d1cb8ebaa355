package io.linnet.files;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A short host command the daemon runs with fixed arguments ({@code mount}, {@code umount}, {@code iptables}). */
public final class HostCommand {
    private static final int MAX_OUTPUT = 1 << 20;

    private HostCommand() {
    }

    /** Runs the command for 30 s at most; see {@link #run(List, Duration)}. */
    public static String run(List<String> command) throws IOException {
        return run(command, Duration.ofSeconds(30));
    }

    /**
     * Runs the command (stdin empty) and returns its combined output, read before the wait so that
     * a chatty command cannot block on a full pipe; fails with that output, or when it outlasts the limit.
     */
    public static String run(List<String> command, Duration limit) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readNBytes(MAX_OUTPUT);
        }
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": " + text.strip());
        }
        return text;
    }
}
