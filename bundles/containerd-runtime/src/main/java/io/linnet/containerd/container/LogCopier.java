package io.linnet.containerd.container;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Copies one output FIFO of a task into the json-file log, line by line as Docker's copier does:
 * a line longer than {@value #MAX_LINE} bytes goes out in partial pieces, and memory stays at one
 * buffer whatever the container writes. Its thread opens the FIFO first (open blocks until the
 * shim opens the write side), so start it before Tasks.Create.
 */
final class LogCopier {

    /** Docker's maximum message size: longer lines are split into partial messages. */
    static final int MAX_LINE = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(LogCopier.class);

    private final String containerId;
    private final String stream;
    private final Path fifo;
    private final JsonFileLog log;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private volatile boolean opened;
    private volatile boolean detaching;
    private volatile Thread thread;

    LogCopier(String containerId, String stream, Path fifo, JsonFileLog log) {
        this.containerId = containerId;
        this.stream = stream;
        this.fifo = fifo;
        this.log = log;
    }

    LogCopier start() {
        Thread thread = new Thread(this::run, "log-" + stream + "-" + containerId.substring(0, Math.min(12, containerId.length())));
        thread.setDaemon(true);
        this.thread = thread;
        thread.start();
        return this;
    }

    /** Completes with the bytes copied once the write side is closed (the process and shim are gone). */
    CompletableFuture<Long> done() {
        return done;
    }

    /**
     * Stops copying without losing output (the daemon stops, the task runs on): what was read is
     * written into the log, the rest stays in the FIFO for the next daemon to read.
     */
    void detach(long timeoutMillis) {
        detaching = true;
        Thread t = thread;
        if (t != null && opened) {
            t.interrupt();
            try {
                t.join(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** For a task that will never open the FIFO: lets the thread end. */
    void abandon() {
        if (!opened) {
            Fifos.unblock(fifo);
        }
    }

    private void run() {
        // a channel's reads are interruptible without consuming data: see detach()
        try (InputStream in = java.nio.channels.Channels.newInputStream(
                java.nio.channels.FileChannel.open(fifo, java.nio.file.StandardOpenOption.READ))) {
            opened = true;
            done.complete(copy(in));
        } catch (IOException | RuntimeException e) {
            if (detaching) {
                done.complete(-1L);
                return;
            }
            LOG.warn("container {}: copying {} into its log failed: {}", containerId, stream, e.toString());
            done.completeExceptionally(e);
        }
    }

    /** Splits {@code in} into messages; never more than one {@value #MAX_LINE} buffer in memory. */
    long copy(InputStream in) throws IOException {
        byte[] buffer = new byte[MAX_LINE];
        int filled = 0;
        long total = 0;
        while (true) {
            // JDK 17 readAllBytes fails on a FIFO ("Illegal seek"): plain reads only
            int n;
            try {
                n = in.read(buffer, filled, buffer.length - filled);
            } catch (java.nio.channels.ClosedByInterruptException detached) {
                if (filled > 0) {
                    log.write(stream, buffer, 0, filled, Instant.now()); // a partial line read already
                }
                throw detached;
            }
            if (n < 0) {
                break;
            }
            total += n;
            int start = 0;
            int end = filled + n;
            for (int i = filled; i < end; i++) {
                if (buffer[i] == '\n') {
                    log.write(stream, buffer, start, i + 1 - start, Instant.now());
                    start = i + 1;
                }
            }
            filled = end - start;
            if (filled == buffer.length) {
                log.write(stream, buffer, 0, filled, Instant.now()); // a partial line: no newline
                filled = 0;
            } else if (start > 0 && filled > 0) {
                System.arraycopy(buffer, start, buffer, 0, filled);
            }
        }
        if (filled > 0) {
            log.write(stream, buffer, 0, filled, Instant.now());
        }
        return total;
    }
}
