package io.linnet.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * For a method marked {@link io.linnet.api.model.JsonBody}: dockerd's Content-Type rule, then the
 * body read here, at most {@link #MAX_BYTES}, so the method never holds an unbounded body.
 */
final class JsonBodyFilter implements ContainerRequestFilter {
    /**
     * 4 MiB: a container's whole config is kept on its containerd record, which travels in gRPC
     * messages capped at 16 MiB, and the largest real create bodies (compose, Testcontainers) are
     * tens of KiB. dockerd uses the same figure for manifests.
     */
    static final int MAX_BYTES = 4 << 20;
    /**
     * A refused body up to this size is read and thrown away before the 413 goes out: Jetty closes
     * a connection on unread content, and a client still sending then often sees a reset instead
     * of the answer. Draining costs time, never memory; beyond this the sender is cut off.
     */
    static final long DRAIN_LIMIT = 512L << 20;

    private final boolean requireJsonType;
    private final int maxBytes;

    JsonBodyFilter(boolean requireJsonType, int maxBytes) {
        this.requireJsonType = requireJsonType;
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        long length = declaredLength(request);
        boolean mayHaveBody = length != 0 && (length > 0 || request.getHeaderString("Transfer-Encoding") != null);
        if (requireJsonType) {
            String refusal = contentTypeRefusal(ContentTypeFilter.original(request), mayHaveBody);
            if (refusal != null) {
                if (mayHaveBody && length <= DRAIN_LIMIT) {
                    drain(request.getEntityStream(), DRAIN_LIMIT);
                }
                request.abortWith(ErrorResponses.of(400, refusal));
                return;
            }
        }
        if (!mayHaveBody) {
            return;
        }
        if (length > maxBytes) {
            if (length <= DRAIN_LIMIT) {
                drain(request.getEntityStream(), DRAIN_LIMIT);
            }
            request.abortWith(tooLarge());
            return;
        }
        byte[] body = readAtMost(request.getEntityStream(), maxBytes);
        if (body == null) {
            drain(request.getEntityStream(), DRAIN_LIMIT - maxBytes);
            request.abortWith(tooLarge());
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    /**
     * The Content-Length as a long, -1 without one. Jersey's {@code getLength()} is an int and
     * says -1 for a length past 2 GiB: that must not read as "no body".
     */
    static long declaredLength(ContainerRequestContext request) {
        String header = request.getHeaderString("Content-Length");
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // Jetty refuses these before us; if one gets here, it is not small
        }
    }

    /** moby's {@code httputils.CheckForJSON} (Docker 24): null when the request may go on. */
    static String contentTypeRefusal(String contentType, boolean mayHaveBody) {
        String ct = contentType == null ? "" : contentType;
        if (ct.isEmpty() && !mayHaveBody) {
            return null;
        }
        GoMediaType.Parsed parsed = GoMediaType.parse(ct);
        if (parsed.error() != null) {
            return "malformed Content-Type header (" + ct + "): " + parsed.error();
        }
        if (!parsed.mediaType().equals("application/json")) {
            return "unsupported Content-Type header (" + ct + "): must be 'application/json'";
        }
        return null;
    }

    private jakarta.ws.rs.core.Response tooLarge() {
        return ErrorResponses.of(413, "request body too large: a JSON body may be at most " + maxBytes
                + " bytes (" + (maxBytes >> 20) + " MiB)");
    }

    /** Reads and discards at most {@code limit} bytes. */
    static void drain(InputStream in, long limit) {
        byte[] buffer = new byte[64 * 1024];
        try {
            for (long read = 0; read < limit;) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - read));
                if (n < 0) {
                    return;
                }
                read += n;
            }
        } catch (IOException gone) {
            // the client stopped sending: nothing more to drain
        }
    }

    /** The whole stream, or null when it holds more than {@code max} bytes. */
    static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, 8192));
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (out.size() + n > max) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
