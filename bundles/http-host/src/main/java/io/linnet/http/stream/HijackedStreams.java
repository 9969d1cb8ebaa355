package io.linnet.http.stream;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The two directions of a hijacked connection (attach, exec start), given to a
 * {@link Hijack.Session} once the response head is out.
 *
 * <p>All methods may be called from any thread. Reads and writes block the calling thread (a
 * session thread, never one of Jetty's): reading waits for the client's bytes, writing waits
 * until the bytes are handed to the socket.
 */
public interface HijackedStreams {
    /**
     * The client's bytes (stdin), starting with any it sent right after the request head. Ends
     * (-1) when the client closes its write side (docker's half-close at stdin EOF) or goes away.
     * Bytes are buffered up to a fixed bound; beyond it the client is not read until this is.
     */
    InputStream stdin();

    /** Output as the container's stdout: one frame per write when multiplexed, else raw. */
    OutputStream stdout();

    /** Output as the container's stderr: one frame per write when multiplexed, else raw. */
    OutputStream stderr();

    /** The framing writer behind {@link #stdout()} and {@link #stderr()} (for {@link StdStream#SYSTEMERR}). */
    StdWriter writer();

    /** Whether the output is framed (no TTY) or raw (TTY). */
    boolean multiplexed();

    /**
     * Copies {@link #stdin()} to {@code target} on another session thread, closing {@code target}
     * when stdin ends (so the process sees EOF). At most once per session.
     */
    void forwardStdin(OutputStream target);

    /**
     * Runs {@code action} once when the connection is gone: the client went away, or the session
     * ended. Runs at once if it is gone already. Use it to stop feeding output to a gone client.
     */
    void onClose(Runnable action);

    /** Whether the connection is still open. */
    boolean isOpen();

    /**
     * Ends the session: the output is shut down (the client sees EOF) and the connection closes
     * once the client has closed its side too (or after a short grace period). Idempotent; also
     * done when the session returns.
     */
    void close();
}
