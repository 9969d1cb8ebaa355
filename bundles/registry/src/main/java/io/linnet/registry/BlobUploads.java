package io.linnet.registry;

import static io.linnet.registry.RegistryTransport.SHORT;
import static io.linnet.registry.RegistryTransport.close;
import static io.linnet.registry.RegistryTransport.drain;
import static io.linnet.registry.RegistryTransport.failUnlessOk;
import static io.linnet.registry.RegistryTransport.utf8;

import io.linnet.engine.api.registry.RegistryException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blob uploads into one repository, as the distribution spec has them: one PUT for a small blob,
 * PATCHes of {@value #CHUNK_SIZE} bytes then a PUT for a large one, and cross-repository mounts.
 */
final class BlobUploads {
    private static final Logger LOG = LoggerFactory.getLogger(BlobUploads.class);
    /** Blobs larger than this go up in chunks of this size (some registries cap one request's body). */
    static final long CHUNK_SIZE = 16L * 1024 * 1024;
    private final RegistryTransport transport;
    private final URI base;
    private final String name;

    BlobUploads(RegistryTransport transport, URI base, String name) {
        this.transport = transport;
        this.base = base;
        this.name = name;
    }

    void putBlob(String digest, long size, Supplier<InputStream> content, LongConsumer progress) {
        URI upload = startUpload(start -> start);
        if (size > CHUNK_SIZE) {
            putChunked(upload, digest, size, content, progress);
            return;
        }
        URI put = withQuery(upload, "digest=" + digest);
        HttpResponse<InputStream> done = transport.send("PUT", put, () -> HttpRequest.newBuilder(put)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> counting(content.get(), progress)), size)));
        byte[] answer = drain(done.body());
        failUnlessOk(done.statusCode(), answer, "PUT", put);
    }

    /**
     * A large blob as the distribution spec's chunked upload: PATCHes of {@value #CHUNK_SIZE} bytes
     * with their Content-Range (each to the location the last answer gave), then a PUT with the
     * digest. One stream is read through once; no chunk is held in memory.
     */
    private void putChunked(URI upload, String digest, long size, Supplier<InputStream> content, LongConsumer progress) {
        URI location = upload;
        try (InputStream in = counting(content.get(), progress)) {
            for (long offset = 0; offset < size; offset += CHUNK_SIZE) {
                long length = Math.min(CHUNK_SIZE, size - offset);
                String range = offset + "-" + (offset + length - 1);
                URI target = location;
                InputStream slice = new BoundedInputStream(in, length);
                HttpResponse<InputStream> patched = transport.send("PATCH", target, () -> HttpRequest.newBuilder(target)
                        .header("Content-Type", "application/octet-stream")
                        .header("Content-Range", range)
                        .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> slice), length)));
                byte[] answer = drain(patched.body());
                if (patched.statusCode() != 202) {
                    failUnlessOk(patched.statusCode() / 100 == 2 ? 500 : patched.statusCode(), answer, "PATCH", target);
                }
                location = patched.headers().firstValue("Location").map(target::resolve).orElse(target);
            }
        } catch (IOException e) {
            throw new RegistryException("reading blob " + digest + ": " + e.getMessage(), e);
        }
        URI put = withQuery(location, "digest=" + digest);
        HttpResponse<InputStream> done = transport.send("PUT", put, () -> HttpRequest.newBuilder(put)
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.noBody()));
        byte[] answer = drain(done.body());
        failUnlessOk(done.statusCode(), answer, "PUT", put);
    }

    /**
     * POST /v2/&lt;name&gt;/blobs/uploads/?mount=&lt;digest&gt;&amp;from=&lt;repository&gt;: true when the
     * registry linked the blob from the other repository (201); an upload it started instead is
     * cancelled, and the caller uploads.
     */
    boolean mountBlob(String digest, String fromRepository) {
        URI start = base.resolve("/v2/" + name + "/blobs/uploads/?mount=" + digest + "&from=" + fromRepository);
        HttpResponse<InputStream> answer = transport.send("POST", start, () -> HttpRequest.newBuilder(start).timeout(SHORT)
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.noBody()));
        byte[] body = drain(answer.body());
        if (answer.statusCode() == 201) {
            return true;
        }
        if (answer.statusCode() == 202) {
            answer.headers().firstValue("Location").map(start::resolve).ifPresent(this::cancelUpload);
            return false;
        }
        LOG.debug("mount of {} from {} into {} refused: {} {}", digest, fromRepository, name, answer.statusCode(),
                utf8(body));
        return false;
    }

    private void cancelUpload(URI location) {
        try {
            drain(transport.send("DELETE", location, () -> HttpRequest.newBuilder(location).timeout(SHORT).DELETE()).body());
        } catch (RuntimeException e) {
            LOG.debug("could not cancel the upload {}: {}", location, e.toString());
        }
    }

    /** POST /v2/&lt;name&gt;/blobs/uploads/: the upload's location. */
    private URI startUpload(java.util.function.UnaryOperator<URI> query) {
        URI start = query.apply(base.resolve("/v2/" + name + "/blobs/uploads/"));
        HttpResponse<InputStream> started = transport.send("POST", start, () -> HttpRequest.newBuilder(start).timeout(SHORT)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.noBody()));
        byte[] body = drain(started.body());
        if (started.statusCode() != 202) {
            failUnlessOk(started.statusCode() / 100 == 2 ? 500 : started.statusCode(), body, "POST", start);
        }
        String location = started.headers().firstValue("Location")
                .orElseThrow(() -> new RegistryException("POST \"" + start + "\": no upload location"));
        return start.resolve(location);
    }

    private static URI withQuery(URI uri, String query) {
        return URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + query);
    }

    /** At most {@code limit} bytes of a stream that stays open (one chunk of a chunked upload). */
    private static final class BoundedInputStream extends FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buf, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the next chunk reads on from the same stream
        }
    }

    private static InputStream counting(InputStream in, LongConsumer progress) {
        if (progress == null) {
            return in;
        }
        return new FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    progress.accept(++count);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    count += n;
                    progress.accept(count);
                }
                return n;
            }
        };
    }
}
