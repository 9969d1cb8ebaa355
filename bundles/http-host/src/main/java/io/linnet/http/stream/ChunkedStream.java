package io.linnet.http.stream;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long chunked responses (logs, stats, events): each chunk is written and flushed as it comes,
 * nothing is queued (a producer's {@link Sink#send} writes through, so a slow client slows the
 * producer down), and a client that goes away ends the stream: the write fails, {@code send}
 * answers {@code false} and the {@link Sink#onClose} actions run so the producer can release its
 * subscriptions.
 *
 * <pre>{@code
 * @GET @Path("events")
 * public Response events(@Context ContainerRequestContext request) {
 *     return Response.ok(ChunkedStream.of(request, sink -> {
 *         Subscription s = events.subscribe(e -> sink.send(json(e)));   // any thread
 *         sink.onClose(s::cancel);
 *     }), MediaType.APPLICATION_JSON).build();
 * }
 * }</pre>
 *
 * <p>The producer's {@code start} runs on the request thread when the body is due. It may return
 * at once after subscribing (the response stays open until {@link Sink#end()} or the client goes
 * away) or produce inline and call {@code end()}. An exception from {@code start} before the first
 * chunk still becomes a normal error response. The connection's idle timeout is lifted for the
 * response. A client that disconnects is noticed when it closes its connection (the host watches
 * for that) or at the latest at the next write; a heartbeat (e.g. a newline for a JSON stream)
 * makes writes happen during quiet periods too.
 */
public final class ChunkedStream {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkedStream.class);
    /** Bytes {@link Sink#asOutputStream()} gathers before sending a chunk without a flush. */
    static final int MAX_CHUNK = 64 * 1024;
    /** How long {@link Sink#end()} lets a write in progress finish before closing the connection. */
    static final long END_GRACE_MS = 200;

    /** Produces the chunks of one response. */
    @FunctionalInterface
    public interface Producer {
        void start(Sink sink) throws Exception;
    }

    /** Where a producer sends chunks; thread-safe. */
    public interface Sink {
        /**
         * Writes and flushes one chunk, blocking while the client is slow to read.
         *
         * @return {@code false} once the stream is over (client gone or {@link #end()}): stop producing
         */
        boolean send(byte[] chunk);

        /**
         * A stream over {@link #send}: bytes gather until {@code flush()} (or 64 KiB) and go out
         * as one chunk, so a {@link StdWriter} on it sends a frame per chunk.
         * Writing after the stream is over is an {@link IOException}.
         */
        OutputStream asOutputStream();

        /** Runs {@code action} once when the stream is over (client gone or ended); at once if it is. */
        void onClose(Runnable action);

        /** Whether chunks are still accepted. */
        boolean isOpen();

        /**
         * Sends the response head now, before any chunk, so a client waiting for it (docker-py's
         * {@code events()}) goes on; errors after this can no longer become error responses.
         *
         * @return {@code false} once the stream is over
         */
        boolean commit();

        /**
         * No more chunks: the response completes. A write blocked on a client that stopped
         * reading does not hold this up: the connection is closed under it.
         */
        void end();
    }

    private ChunkedStream() {
    }

    /** A response body fed by {@code producer}. */
    public static StreamingOutput of(ContainerRequestContext request, Producer producer) {
        return of(request, producer, null, null);
    }

    /**
     * A response body fed by {@code producer}, sending {@code heartbeat} when nothing else went out
     * for {@code every}, to notice a client gone during quiet periods. Use only bytes the client
     * ignores (a newline between JSON objects).
     */
    public static StreamingOutput of(ContainerRequestContext request, Producer producer, byte[] heartbeat,
            Duration every) {
        Objects.requireNonNull(producer, "producer");
        if ((heartbeat == null) != (every == null)) {
            throw new IllegalArgumentException("heartbeat and its interval go together");
        }
        StreamSupport host = request != null && request.getProperty(StreamSupport.PROPERTY) instanceof StreamSupport s
                ? s : null;
        if (host != null) {
            host.suspendIdleTimeout();
        }
        byte[] beat = heartbeat == null ? null : heartbeat.clone();
        return out -> {
            Stream stream = new Stream(out, beat, every, host);
            if (host != null) {
                host.onClientGone(stream::clientGone);
                // the daemon stops: the stream ends with its last chunk, the client sees a finished response
                stream.onClose(host.onHostStop(stream::end));
            }
            stream.run(producer);
        };
    }

    private static final class Stream implements Sink {
        private final OutputStream out;
        private final byte[] heartbeat;
        private final long heartbeatNanos;
        private final ReentrantLock writing = new ReentrantLock();
        private final StreamSupport host;
        private final CountDownLatch over = new CountDownLatch(1);
        private final List<Runnable> closeActions = new ArrayList<>();
        private volatile boolean closed;
        private volatile boolean started;
        private volatile long lastWrite = System.nanoTime();

        Stream(OutputStream out, byte[] heartbeat, Duration every, StreamSupport host) {
            this.out = out;
            this.host = host;
            this.heartbeat = heartbeat;
            this.heartbeatNanos = every == null ? 0 : Math.max(every.toNanos(), TimeUnit.MILLISECONDS.toNanos(10));
        }

        void run(Producer producer) throws IOException {
            try {
                try {
                    producer.start(this);
                } catch (RuntimeException e) {
                    if (!started) {
                        throw e; // still a normal error response
                    }
                    LOG.warn("chunked stream failed", e);
                    return;
                } catch (IOException e) {
                    if (!started) {
                        throw e;
                    }
                    return;
                } catch (Exception e) {
                    if (!started) {
                        throw new IllegalStateException(e);
                    }
                    LOG.warn("chunked stream failed", e);
                    return;
                }
                awaitEnd();
            } finally {
                close();
            }
        }

        private void awaitEnd() throws InterruptedIOException {
            try {
                if (heartbeat == null) {
                    over.await();
                    return;
                }
                while (true) {
                    long quiet = System.nanoTime() - lastWrite;
                    long wait = heartbeatNanos - quiet;
                    if (wait <= 0) {
                        send(heartbeat);
                        wait = heartbeatNanos;
                    }
                    if (over.await(wait, TimeUnit.NANOSECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("chunked stream interrupted");
            }
        }

        @Override
        public boolean send(byte[] chunk) {
            if (closed) {
                return false;
            }
            if (chunk.length == 0) {
                return true; // an empty chunk would end the HTTP body
            }
            writing.lock();
            try {
                if (closed) {
                    return false;
                }
                out.write(chunk);
                out.flush();
                started = true;
                lastWrite = System.nanoTime();
                return true;
            } catch (IOException | RuntimeException clientGone) {
                LOG.debug("client went away during a chunked stream: {}", clientGone.toString());
                closed = true;
            } finally {
                writing.unlock();
            }
            close();
            return false;
        }

        @Override
        public OutputStream asOutputStream() {
            return new OutputStream() {
                private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

                @Override
                public synchronized void write(int b) throws IOException {
                    pending.write(b);
                    if (pending.size() >= MAX_CHUNK) {
                        flush();
                    }
                }

                @Override
                public synchronized void write(byte[] b, int off, int len) throws IOException {
                    Objects.checkFromIndexSize(off, len, b.length);
                    if (pending.size() + len > MAX_CHUNK) {
                        flush();
                    }
                    pending.write(b, off, len);
                    if (pending.size() >= MAX_CHUNK) {
                        flush();
                    }
                }

                @Override
                public synchronized void flush() throws IOException {
                    if (pending.size() == 0) {
                        if (closed) {
                            throw new IOException("the client went away");
                        }
                        return;
                    }
                    byte[] chunk = pending.toByteArray();
                    pending.reset();
                    if (!send(chunk)) {
                        throw new IOException("the client went away");
                    }
                }

                @Override
                public synchronized void close() throws IOException {
                    if (!closed) {
                        flush();
                    }
                }
            };
        }

        @Override
        public void onClose(Runnable action) {
            Objects.requireNonNull(action, "action");
            synchronized (closeActions) {
                if (over.getCount() > 0) {
                    closeActions.add(action);
                    return;
                }
            }
            runQuietly(action);
        }

        @Override
        public boolean isOpen() {
            return !closed;
        }

        @Override
        public boolean commit() {
            if (closed) {
                return false;
            }
            writing.lock();
            try {
                if (closed) {
                    return false;
                }
                out.write(new byte[0]); // Jersey commits the head at the first write, even an empty one
                out.flush();
                started = true;
                return true;
            } catch (IOException | RuntimeException clientGone) {
                closed = true;
            } finally {
                writing.unlock();
            }
            close();
            return false;
        }

        /** The host saw the client close its connection. */
        void clientGone() {
            LOG.debug("client closed its connection during a chunked stream");
            close();
        }

        @Override
        public void end() {
            close();
            try {
                if (writing.tryLock(END_GRACE_MS, TimeUnit.MILLISECONDS)) {
                    writing.unlock();
                } else if (host != null) {
                    LOG.debug("a chunked stream ended while a write was stuck: closing the connection");
                    host.abort();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void close() {
            closed = true;
            List<Runnable> actions;
            synchronized (closeActions) {
                if (over.getCount() == 0) {
                    return;
                }
                over.countDown();
                actions = List.copyOf(closeActions);
                closeActions.clear();
            }
            actions.forEach(Stream::runQuietly);
        }

        private static void runQuietly(Runnable action) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("releasing a chunked stream failed", e);
            }
        }
    }
}
