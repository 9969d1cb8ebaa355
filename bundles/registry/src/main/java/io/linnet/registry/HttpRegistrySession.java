package io.linnet.registry;

import io.linnet.engine.api.ForbiddenException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.UnauthorizedException;
import io.linnet.engine.api.registry.RegistryAuth;
import io.linnet.engine.api.registry.RegistryException;
import io.linnet.engine.api.registry.RegistrySession;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Requests against one repository; the Authorization header is learnt once from the registry's challenge. */
final class HttpRegistrySession implements RegistrySession {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRegistrySession.class);
    static final long MANIFEST_LIMIT = 4L * 1024 * 1024;
    /** Blobs larger than this go up in chunks of this size (some registries cap one request's body). */
    static final long CHUNK_SIZE = 16L * 1024 * 1024;
    private static final Duration SHORT = Duration.ofSeconds(60);
    private static final int MAX_REDIRECTS = 5;

    private final HttpClient http;
    private final URI base;
    private final String domain;
    private final String name;
    private final String scope;
    private final Authenticator authenticator;
    private volatile String authorization;

    HttpRegistrySession(HttpClient http, URI base, String domain, String name, RegistryAuth auth, boolean push) {
        this.http = http;
        this.base = base;
        this.domain = domain;
        this.name = name;
        this.scope = "repository:" + name + ":" + (push ? "push,pull" : "pull"); // dockerd's order
        this.authenticator = new Authenticator(http, auth);
    }

    /** GET /v2/: reachable, and which authentication it wants (answered at once, saving a 401 per request). */
    void ping() {
        URI uri = base.resolve("/v2/");
        HttpResponse<InputStream> response = call("GET", uri, () -> HttpRequest.newBuilder(uri).timeout(SHORT).GET(),
                BoundedBodies.handler(), false);
        BoundedBodies.discard(response);
        if (response.statusCode() == 401) {
            authorization = answer(response, "GET", uri, false);
        } else if (response.statusCode() / 100 != 2) {
            LOG.debug("registry {} answered /v2/ with {}", domain, response.statusCode());
        }
    }

    @Override
    public String repository() {
        return domain + "/" + name;
    }

    @Override
    public Manifest manifest(String tagOrDigest) {
        URI uri = base.resolve("/v2/" + name + "/manifests/" + tagOrDigest);
        HttpResponse<InputStream> response = send("GET", uri, () -> HttpRequest.newBuilder(uri).timeout(SHORT)
                .header("Accept", String.join(", ", MANIFEST_TYPES)).GET());
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes((int) MANIFEST_LIMIT + 1);
        } catch (IOException e) {
            throw new RegistryException("Get \"" + uri + "\": " + e.getMessage(), e);
        }
        if (response.statusCode() == 404) {
            throw new NotFoundException("manifest for " + reference(tagOrDigest) + " not found: "
                    + RegistryErrors.text(404, body));
        }
        if (response.statusCode() == 401) {
            String auth = authorization;
            if (auth != null && auth.startsWith("Bearer ")) {
                // a token without the access asked for: dockerd's words (and 404) for a private or missing repository
                throw new NotFoundException("pull access denied for " + familiarName() + ", repository does not "
                        + "exist or may require 'docker login': denied: requested access to the resource is denied");
            }
            throw new RegistryException(RegistryErrors.text(401, body));
        }
        failUnlessOk(response.statusCode(), body, "GET", uri);
        if (body.length > MANIFEST_LIMIT) {
            throw new RegistryException("manifest " + reference(tagOrDigest) + " is larger than " + MANIFEST_LIMIT
                    + " bytes");
        }
        String digest = sha256(body);
        if (tagOrDigest.contains(":") && !tagOrDigest.equals(digest)) {
            throw new RegistryException("manifest verification failed for digest " + tagOrDigest);
        }
        String mediaType = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim())
                .orElse("");
        if (!MANIFEST_TYPES.contains(mediaType)) {
            mediaType = Manifests.mediaTypeOf(body);
        }
        return new Manifest(mediaType, digest, body);
    }

    @Override
    public boolean hasBlob(String digest) {
        URI uri = base.resolve("/v2/" + name + "/blobs/" + digest);
        HttpResponse<InputStream> response = send("HEAD", uri, () -> HttpRequest.newBuilder(uri).timeout(SHORT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        close(response.body());
        if (response.statusCode() == 404) {
            return false;
        }
        failUnlessOk(response.statusCode(), null, "HEAD", uri);
        return true;
    }

    @Override
    public Blob blob(String digest) {
        HttpResponse<InputStream> response = getBlob(digest, null);
        long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new Blob(response.body(), size);
    }

    /** GET of a blob, with a Range header when given; any answer but a 2xx is thrown. */
    private HttpResponse<InputStream> getBlob(String digest, String range) {
        URI uri = base.resolve("/v2/" + name + "/blobs/" + digest);
        HttpResponse<InputStream> response = send("GET", uri, () -> range == null ? HttpRequest.newBuilder(uri).GET()
                : HttpRequest.newBuilder(uri).header("Range", range).GET());
        if (response.statusCode() / 100 != 2) {
            byte[] body = drain(response.body());
            if (response.statusCode() == 404) {
                throw new NotFoundException("blob " + digest + " not found in " + repository() + ": "
                        + RegistryErrors.text(404, body));
            }
            failUnlessOk(response.statusCode(), body, "GET", uri);
        }
        return response;
    }

    @Override
    public void putBlob(String digest, long size, Supplier<InputStream> content, LongConsumer progress) {
        URI upload = startUpload(start -> start);
        if (size > CHUNK_SIZE) {
            putChunked(upload, digest, size, content, progress);
            return;
        }
        URI put = withQuery(upload, "digest=" + digest);
        HttpResponse<InputStream> done = send("PUT", put, () -> HttpRequest.newBuilder(put)
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
                HttpResponse<InputStream> patched = send("PATCH", target, () -> HttpRequest.newBuilder(target)
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
        HttpResponse<InputStream> done = send("PUT", put, () -> HttpRequest.newBuilder(put)
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.noBody()));
        byte[] answer = drain(done.body());
        failUnlessOk(done.statusCode(), answer, "PUT", put);
    }

    /**
     * POST /v2/&lt;name&gt;/blobs/uploads/?mount=&lt;digest&gt;&amp;from=&lt;repository&gt;: true when the
     * registry linked the blob from the other repository (201); an upload it started instead is
     * cancelled, and the caller uploads.
     */
    @Override
    public boolean mountBlob(String digest, String fromRepository) {
        URI start = base.resolve("/v2/" + name + "/blobs/uploads/?mount=" + digest + "&from=" + fromRepository);
        HttpResponse<InputStream> answer = send("POST", start, () -> HttpRequest.newBuilder(start).timeout(SHORT)
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
            drain(send("DELETE", location, () -> HttpRequest.newBuilder(location).timeout(SHORT).DELETE()).body());
        } catch (RuntimeException e) {
            LOG.debug("could not cancel the upload {}: {}", location, e.toString());
        }
    }

    /** POST /v2/&lt;name&gt;/blobs/uploads/: the upload's location. */
    private URI startUpload(java.util.function.UnaryOperator<URI> query) {
        URI start = query.apply(base.resolve("/v2/" + name + "/blobs/uploads/"));
        HttpResponse<InputStream> started = send("POST", start, () -> HttpRequest.newBuilder(start).timeout(SHORT)
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

    @Override
    public String putManifest(String tagOrDigest, String mediaType, byte[] content) {
        URI uri = base.resolve("/v2/" + name + "/manifests/" + tagOrDigest);
        HttpResponse<InputStream> response = send("PUT", uri, () -> HttpRequest.newBuilder(uri).timeout(SHORT)
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        byte[] body = drain(response.body());
        failUnlessOk(response.statusCode(), body, "PUT", uri);
        return response.headers().firstValue("Docker-Content-Digest").orElse(sha256(content));
    }

    private String reference(String tagOrDigest) {
        String repo = domain.equals(Endpoints.HUB) && name.startsWith("library/") && name.indexOf('/', 8) < 0
                ? name.substring(8) : domain.equals(Endpoints.HUB) ? name : repository();
        return repo + (tagOrDigest.contains(":") ? "@" : ":") + tagOrDigest;
    }

    private static void failUnlessOk(int status, byte[] body, String method, URI uri) {
        if (status / 100 == 2) {
            return;
        }
        String text = op(method) + " \"" + uri + "\": " + RegistryErrors.text(status, body);
        switch (status) {
            case 401 -> throw new UnauthorizedException(text);
            case 403 -> throw new ForbiddenException(text);
            case 404 -> throw new NotFoundException(text);
            default -> throw new RegistryException(text);
        }
    }

    /**
     * Sends with the session's authorization; a 401 is answered once (a token for this scope, or
     * basic credentials) and the request sent again. Redirects (blob storage elsewhere) are followed
     * without the registry's credentials when they leave the registry's host.
     */
    private HttpResponse<InputStream> send(String method, URI uri, Supplier<HttpRequest.Builder> request) {
        HttpResponse<InputStream> response = call(method, uri, request, HttpResponse.BodyHandlers.ofInputStream(), true);
        if (response.statusCode() == 401) {
            drain(response.body());
            authorization = answer(response, method, uri, true);
            response = call(method, uri, request, HttpResponse.BodyHandlers.ofInputStream(), true);
        }
        URI current = uri;
        for (int i = 0; i < MAX_REDIRECTS && isRedirect(response.statusCode()); i++) {
            String location = response.headers().firstValue("Location").orElse(null);
            if (location == null) {
                break;
            }
            drain(response.body());
            URI next = current.resolve(location);
            boolean sameHost = next.getAuthority() != null && next.getAuthority().equals(base.getAuthority());
            HttpRequest.Builder b = HttpRequest.newBuilder(next).method(method, HttpRequest.BodyPublishers.noBody());
            current = next;
            response = call(method, next, () -> b, HttpResponse.BodyHandlers.ofInputStream(), sameHost);
        }
        return response;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private String answer(HttpResponse<?> response, String method, URI uri, boolean required) {
        List<Challenge> challenges = Challenge.parseAll(response.headers().allValues("WWW-Authenticate"));
        try {
            Authenticator.Answer answer = authenticator.answer(challenges, scope, method, uri);
            if (answer.authorization() == null && required) {
                // dockerd answers 500 here, not 401: a 401 would make the CLI prompt for a login
                throw new RegistryException(answer.failure());
            }
            return answer.authorization();
        } catch (UnauthorizedException refused) {
            throw new UnauthorizedException(op(method) + " \"" + uri + "\": " + refused.getMessage());
        } catch (IOException e) {
            throw new RegistryException(op(method) + " \"" + uri + "\": " + describe(e, uri), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted", e);
        }
    }

    private <T> HttpResponse<T> call(String method, URI uri, Supplier<HttpRequest.Builder> request,
            HttpResponse.BodyHandler<T> handler, boolean withAuth) {
        HttpRequest.Builder b = request.get().header("User-Agent", RegistryHttpClient.USER_AGENT);
        String auth = authorization;
        if (withAuth && auth != null) {
            b.header("Authorization", auth);
        }
        try {
            return http.send(b.build(), handler);
        } catch (IOException e) {
            throw new RegistryException(op(method) + " \"" + uri + "\": " + describe(e, uri), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(method + " \"" + uri + "\": interrupted", e);
        }
    }

    /** Go's wording for the usual network failures, as dockerd prints them. */
    static String op(String method) {
        return method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
    }

    static String describe(IOException e, URI uri) {
        String dial = "dial tcp " + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort()
                : "https".equals(uri.getScheme()) ? 443 : 80) + ": ";
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof HttpConnectTimeoutException) {
            return dial + "i/o timeout";
        }
        if (e instanceof ConnectException || root instanceof ConnectException) {
            return dial + "connect: connection refused";
        }
        if (e instanceof HttpTimeoutException) {
            return "net/http: request canceled (Client.Timeout exceeded while awaiting headers)";
        }
        if (root instanceof java.nio.channels.UnresolvedAddressException || root instanceof java.net.UnknownHostException) {
            return "dial tcp: lookup " + uri.getHost() + ": no such host";
        }
        String message = e.getMessage() != null ? e.getMessage() : root.toString();
        String rootMessage = String.valueOf(root.getMessage());
        if (rootMessage.contains("nrecognized SSL message") || message.contains("nrecognized SSL message")) {
            return "http: server gave HTTP response to HTTPS client"; // Go's net/http wording
        }
        return message.toLowerCase(Locale.ROOT).contains("ssl") || root instanceof javax.net.ssl.SSLException
                ? "http: server gave HTTP response to HTTPS client or TLS failed: " + message : message;
    }

    static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] drain(InputStream in) {
        try (in) {
            return in.readNBytes(64 * 1024);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to read
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

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** GET /v2/<name>/tags/list, following the Link header of paginating registries. */
    @Override
    public List<String> tags() {
        List<String> tags = new java.util.ArrayList<>();
        URI uri = base.resolve("/v2/" + name + "/tags/list");
        for (int page = 0; uri != null && page < 1000; page++) {
            URI current = uri;
            HttpResponse<InputStream> response = send("GET", current, () -> HttpRequest.newBuilder(current)
                    .timeout(SHORT).GET());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes((int) MANIFEST_LIMIT + 1);
            } catch (IOException e) {
                throw new RegistryException("Get \"" + current + "\": " + e.getMessage(), e);
            }
            failUnlessOk(response.statusCode(), body, "GET", current);
            if (body.length > MANIFEST_LIMIT) {
                throw new RegistryException("Get \"" + current + "\": tag list is larger than " + MANIFEST_LIMIT + " bytes");
            }
            try {
                for (var tag : new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("tags")) {
                    tags.add(tag.asText());
                }
            } catch (IOException e) {
                throw new RegistryException("Get \"" + current + "\": invalid tag list: " + e.getMessage(), e);
            }
            uri = response.headers().firstValue("Link").map(link -> nextPage(current, link)).orElse(null);
        }
        return tags;
    }

    private static URI nextPage(URI current, String link) {
        int open = link.indexOf('<');
        int close = link.indexOf('>');
        return open >= 0 && close > open && link.contains("rel=\"next\"")
                ? current.resolve(link.substring(open + 1, close)) : null;
    }

    /** "busybox", "user/app", "localhost:5000/x": the repository as dockerd's errors name it. */
    private String familiarName() {
        if (!domain.equals(Endpoints.HUB)) {
            return repository();
        }
        return name.startsWith("library/") && name.indexOf('/', 8) < 0 ? name.substring(8) : name;
    }

    /** GET with a Range from offset on; a 200 (range ignored) has its first offset bytes skipped. */
    @Override
    public Blob blob(String digest, long offset) {
        if (offset <= 0) {
            return blob(digest);
        }
        HttpResponse<InputStream> response = getBlob(digest, "bytes=" + offset + "-");
        InputStream in = response.body();
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (response.statusCode() == 200) {
            try {
                in.skipNBytes(offset); // the registry sent the whole blob
            } catch (IOException e) {
                close(in);
                throw new RegistryException("Get \"" + response.uri() + "\": " + e.getMessage(), e);
            }
            length = length < 0 ? -1 : length - offset;
        }
        return new Blob(in, length);
    }
}
