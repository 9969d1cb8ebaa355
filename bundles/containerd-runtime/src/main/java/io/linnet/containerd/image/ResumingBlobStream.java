package io.linnet.containerd.image;

import io.linnet.engine.api.io.BulkInputStream;

import io.linnet.engine.api.EngineException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.image.ProgressSink;
import io.linnet.engine.api.registry.RegistrySession;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * A blob download that survives a broken connection as dockerd's does: after a failure it waits
 * 5 s × the attempt number, showing "Retrying in N seconds" on the layer's line, and goes on from
 * the bytes it already has with a range request; after {@code maxAttempts} attempts the last
 * failure stands. A connection that ends before the blob's size is a failure too.
 */
final class ResumingBlobStream extends BulkInputStream {
    static final int DEFAULT_MAX_ATTEMPTS = 5;
    static final long RETRY_UNIT_MILLIS = 5_000;

    private final RegistrySession session;
    private final String digest;
    private final long size;
    private final String id;
    private final ProgressSink progress;
    private final int maxAttempts;
    private final long unitMillis;
    private RegistrySession.Blob current;
    private long offset;
    private int attempts = 1;

    /**
     * @param size the blob's size from its descriptor, or -1 when unknown (then an early end is not detected)
     * @param id   the layer's short id for progress lines, or null to retry silently
     */
    ResumingBlobStream(RegistrySession session, String digest, long size, String id, ProgressSink progress,
            int maxAttempts, long unitMillis) {
        this.session = session;
        this.digest = digest;
        this.size = size;
        this.id = id;
        this.progress = progress;
        this.maxAttempts = maxAttempts;
        this.unitMillis = unitMillis;
        this.current = session.blob(digest);
    }

    ResumingBlobStream(RegistrySession session, String digest, long size, String id, ProgressSink progress) {
        this(session, digest, size, id, progress, DEFAULT_MAX_ATTEMPTS, RETRY_UNIT_MILLIS);
    }

    /** The size the registry announced for the first response, or -1. */
    long announcedSize() {
        return current == null ? -1 : current.size();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            IOException failure;
            try {
                int n = current.stream().read(b, off, len);
                if (n > 0) {
                    offset += n;
                    return n;
                }
                if (n < 0 && (size < 0 || offset >= size)) {
                    return -1;
                }
                if (n == 0) {
                    return 0;
                }
                failure = new IOException("unexpected EOF after " + offset + " of " + size + " bytes");
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                failure = e;
            }
            resume(failure);
        }
    }

    /** Waits as dockerd does, then reopens the blob from the current offset; throws once attempts run out. */
    private void resume(IOException failure) throws IOException {
        current.close();
        while (true) {
            if (attempts >= maxAttempts) {
                throw failure;
            }
            long waitSeconds = attempts * unitMillis / 1000;
            attempts++;
            try {
                for (long s = waitSeconds; s > 0; s--) {
                    if (id != null) {
                        progress.status(id, "Retrying in " + s + (s == 1 ? " second" : " seconds"));
                    }
                    Thread.sleep(Math.min(1000, unitMillis));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("download of " + digest + " interrupted");
            }
            try {
                current = session.blob(digest, offset);
                return;
            } catch (NotFoundException e) {
                throw new IOException(e.getMessage(), e);
            } catch (EngineException e) {
                failure = new IOException(e.getMessage(), e); // registry still away: another attempt
            }
        }
    }

    @Override
    public void close() {
        current.close();
    }
}
