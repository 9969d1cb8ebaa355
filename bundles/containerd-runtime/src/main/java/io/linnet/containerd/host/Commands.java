package io.linnet.containerd.host;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs short informational commands ({@code runc --version}). */
public final class Commands {

    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

    private Commands() {
    }

    /** Combined output of a command that exits 0 within the timeout, else empty. Output must be small. */
    public static Optional<String> output(Duration timeout, String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command))
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                LOG.warn("{} did not finish within {} ms", String.join(" ", command), timeout.toMillis());
                return Optional.empty();
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                LOG.warn("{} exited with status {}: {}", String.join(" ", command), process.exitValue(), output.strip());
                return Optional.empty();
            }
            return Optional.of(output);
        } catch (IOException e) {
            LOG.warn("cannot run {}: {}", String.join(" ", command), e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
