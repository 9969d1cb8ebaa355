package io.linnet.http.stream;

import io.linnet.engine.api.EngineException;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Responses that run long work and report it as Docker's JSON-lines progress. */
public final class ProgressStreams {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressStreams.class);

    private ProgressStreams() {
    }

    /**
     * Runs {@code work} while the response streams. A failure before the first line still gets
     * dockerd's status code and error body; after it, it becomes the stream's error line.
     */
    public static StreamingOutput of(Consumer<JsonLines> work) {
        return run(work, false);
    }

    /**
     * Runs {@code work} while the response streams, every failure the stream's error line under a
     * 200, as dockerd answers {@code POST /images/load} (docker-py raises ImageLoadError from that line).
     */
    public static StreamingOutput errorsInStream(Consumer<JsonLines> work) {
        return run(work, true);
    }

    private static StreamingOutput run(Consumer<JsonLines> work, boolean errorsInStream) {
        return out -> {
            JsonLines lines = new JsonLines(out);
            try {
                work.accept(lines);
            } catch (EngineException | IllegalArgumentException e) {
                if (!lines.started() && !errorsInStream) {
                    throw e;
                }
                errorLine(lines, e.getMessage());
            } catch (UncheckedIOException clientGone) {
                LOG.debug("client went away during a progress stream", clientGone);
            } catch (RuntimeException e) {
                if (!lines.started() && !errorsInStream) {
                    throw e;
                }
                LOG.warn("progress stream failed: {}", e.toString());
                errorLine(lines, e.getMessage() != null ? e.getMessage() : e.toString());
            }
        };
    }

    /** The failure's last line; a connection closed meanwhile (the daemon stopping) has nobody to tell. */
    private static void errorLine(JsonLines lines, String message) {
        try {
            lines.error(message);
        } catch (UncheckedIOException clientGone) {
            LOG.debug("client went away before the error line: {}", message);
        }
    }
}
