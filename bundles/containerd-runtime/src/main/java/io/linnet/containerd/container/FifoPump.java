package io.linnet.containerd.container;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Copies an output FIFO of an exec process to a client stream on a thread of its own until the
 * shim closes the write side. A client that fails a write is dropped and the rest is read and
 * discarded, so the process never blocks on a full pipe.
 */
final class FifoPump {
    private static final Logger LOG = LoggerFactory.getLogger(FifoPump.class);

    private final Path fifo;
    private volatile OutputStream target;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /** @param target null to discard */
    FifoPump(Path fifo, OutputStream target) {
        this.fifo = fifo;
        this.target = target;
    }

    FifoPump start(String name) {
        Thread t = new Thread(this::run, name);
        t.setDaemon(true);
        t.start();
        return this;
    }

    /** Completes at end-of-file. */
    CompletableFuture<Void> done() {
        return done;
    }

    /** Stops forwarding (the rest is discarded). */
    void detach() {
        target = null;
    }

    private void run() {
        // opening blocks until the shim opens the write side
        try (FileInputStream in = new FileInputStream(fifo.toFile())) {
            byte[] buffer = new byte[32 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                OutputStream out = target;
                if (out == null) {
                    continue;
                }
                try {
                    out.write(buffer, 0, n);
                    out.flush();
                } catch (IOException | RuntimeException clientGone) {
                    LOG.debug("exec output {}: client gone: {}", fifo, clientGone.toString());
                    target = null;
                }
            }
        } catch (IOException e) {
            LOG.debug("exec output {}: {}", fifo, e.toString());
        } finally {
            done.complete(null);
        }
    }
}
