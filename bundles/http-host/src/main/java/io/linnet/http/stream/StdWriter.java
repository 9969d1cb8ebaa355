package io.linnet.http.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes container output the way dockerd sends it to clients (moby's stdcopy).
 *
 * <p>Multiplexed (a container or exec without a TTY): every write becomes one frame, an 8-byte
 * header {@code [stream id, 0, 0, 0, big-endian uint32 payload length]} followed by the payload.
 * Raw (with a TTY): bytes pass through unchanged whatever the stream.
 *
 * <p>Thread-safe: stdout and stderr may be written from different threads; frames never
 * interleave. Each write is flushed, so a chunk reaches the client as soon as it is produced.
 * Closing a stream from {@link #stream} does not close the underlying output; {@link #close()}
 * does.
 */
public final class StdWriter implements AutoCloseable {
    /** Length of the frame header. */
    public static final int HEADER_LENGTH = 8;

    private final OutputStream out;
    private final boolean multiplexed;
    private final byte[] header = new byte[HEADER_LENGTH];

    /**
     * @param out the connection or response body
     * @param multiplexed frame the output (no TTY); {@code false} passes bytes through (TTY)
     */
    public StdWriter(OutputStream out, boolean multiplexed) {
        this.out = Objects.requireNonNull(out, "out");
        this.multiplexed = multiplexed;
    }

    public boolean multiplexed() {
        return multiplexed;
    }

    /** Writes {@code len} bytes of {@code b} from {@code off} as one frame of {@code stream}, then flushes. */
    public void write(StdStream stream, byte[] b, int off, int len) throws IOException {
        Objects.requireNonNull(stream, "stream");
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return;
        }
        synchronized (this) {
            if (multiplexed) {
                header[0] = (byte) stream.id();
                header[1] = 0;
                header[2] = 0;
                header[3] = 0;
                header[4] = (byte) (len >>> 24);
                header[5] = (byte) (len >>> 16);
                header[6] = (byte) (len >>> 8);
                header[7] = (byte) len;
                out.write(header);
            }
            out.write(b, off, len);
            out.flush();
        }
    }

    public void write(StdStream stream, byte[] b) throws IOException {
        write(stream, b, 0, b.length);
    }

    /** An output stream whose every write is one frame of {@code stream}. */
    public OutputStream stream(StdStream stream) {
        Objects.requireNonNull(stream, "stream");
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                StdWriter.this.write(stream, new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                StdWriter.this.write(stream, b, off, len);
            }

            @Override
            public void flush() {
                // every frame is flushed already
            }

            @Override
            public void close() {
                // the shared output stays open for the other streams
            }
        };
    }

    /** Closes the underlying output. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            out.close();
        }
    }
}
