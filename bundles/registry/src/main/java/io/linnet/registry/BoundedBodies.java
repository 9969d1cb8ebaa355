package io.linnet.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;

/**
 * Reads of registry answers that are never held whole: a registry (or anything answering in its
 * name) that sends an endless body gets an error or is cut off, not the daemon's memory.
 */
final class BoundedBodies {
    /** Token and other JSON answers: a few KiB in practice; dockerd caps such reads at a few MiB. */
    static final int JSON_LIMIT = 4 << 20;
    /** Bodies only looked at for an error text, or not at all (ping, login probes). */
    static final int IGNORED_LIMIT = 64 << 10;

    private BoundedBodies() {
    }

    /** Streams the answer; read it with {@link #read} or {@link #discard}. */
    static HttpResponse.BodyHandler<InputStream> handler() {
        return HttpResponse.BodyHandlers.ofInputStream();
    }

    /** The whole body, or an IOException naming {@code what} when it exceeds {@code limit}. */
    static byte[] read(HttpResponse<InputStream> response, int limit, String what) throws IOException {
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new IOException(what + " is larger than " + limit + " bytes");
            }
            return body;
        }
    }

    /** At most {@link #IGNORED_LIMIT} bytes of a body only quoted in errors; closing cuts the rest off. */
    static byte[] discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return in.readNBytes(IGNORED_LIMIT);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
