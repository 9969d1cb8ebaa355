package io.linnet.http.stream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads Docker's multiplexed stdio framing (the reverse of {@link StdWriter}), as the docker CLI's
 * stdcopy does: for tests and for anything that consumes a multiplexed stream.
 */
public final class StdReader {
    /** One frame: the stream it belongs to and its payload. */
    public record Frame(StdStream stream, byte[] payload) {
        public String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final InputStream in;

    public StdReader(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    /**
     * The next frame, or {@code null} at the end of the stream between frames.
     *
     * @throws EOFException if the stream ends inside a frame
     * @throws IOException for an unknown stream id or a read failure
     */
    public Frame next() throws IOException {
        byte[] header = new byte[StdWriter.HEADER_LENGTH];
        int first = in.read();
        if (first < 0) {
            return null;
        }
        header[0] = (byte) first;
        readFully(header, 1, header.length - 1);
        StdStream stream;
        try {
            stream = StdStream.of(header[0] & 0xff);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a multiplexed stream: " + e.getMessage());
        }
        long length = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                | (header[7] & 0xff);
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("frame too large: " + length);
        }
        byte[] payload = new byte[(int) length];
        readFully(payload, 0, payload.length);
        return new Frame(stream, payload);
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) {
                throw new EOFException("stream ended inside a frame");
            }
            off += n;
            len -= n;
        }
    }
}
