package io.linnet.http.stream;

/**
 * What the HTTP host offers {@link Hijack} and {@link ChunkedStream} for the request being handled.
 * The host puts one in every request's properties under {@link #PROPERTY}; endpoints do not use it
 * directly.
 */
public interface StreamSupport {
    /** Request property holding this request's {@code StreamSupport}. */
    String PROPERTY = "linnet.streamSupport";

    /**
     * Arms the connection takeover: once the response head has gone out, the connection leaves
     * HTTP and {@code session} runs on a session thread of the host.
     *
     * @throws io.linnet.engine.api.UnavailableException when the host runs as many sessions as it allows
     * @throws IllegalStateException if the request was hijacked already
     */
    void hijack(boolean multiplexed, Hijack.Session session);

    /** Lifts the connection's idle timeout until this request's response ends (long streams). */
    void suspendIdleTimeout();

    /**
     * Runs {@code action} (on a host thread; it must not block) when the client closes its
     * connection while the response streams, without waiting for a write to fail.
     */
    default void onClientGone(Runnable action) {
    }

    /**
     * Runs {@code action} (it must not block for long) when the host stops while this response
     * streams, so the stream ends as a finished response instead of a cut connection.
     *
     * @return undoes the registration; call it when the stream is over
     */
    default Runnable onHostStop(Runnable action) {
        return () -> { };
    }

    /** Closes the connection at once (a stream that must end while a write is stuck on the client). */
    default void abort() {
    }
}
