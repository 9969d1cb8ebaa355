package io.linnet.registry;

import static io.linnet.registry.RegistryTransport.SHORT;
import static io.linnet.registry.RegistryTransport.close;
import static io.linnet.registry.RegistryTransport.drain;
import static io.linnet.registry.RegistryTransport.failUnlessOk;

import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.registry.RegistryAuth;
import io.linnet.engine.api.registry.RegistryException;
import io.linnet.engine.api.registry.RegistrySession;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Requests against one repository; the Authorization header is learnt once from the registry's challenge. */
final class HttpRegistrySession implements RegistrySession {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRegistrySession.class);
    static final long MANIFEST_LIMIT = 4L * 1024 * 1024;
    private static final com.fasterxml.jackson.databind.ObjectMapper TAGS_JSON =
            io.linnet.api.model.json.DockerJson.newMapper();

    private final URI base;
    private final String domain;
    private final String name;
    private final RegistryTransport transport;
    private final BlobUploads uploads;

    HttpRegistrySession(HttpClient http, URI base, String domain, String name, RegistryAuth auth, boolean push) {
        this.base = base;
        this.domain = domain;
        this.name = name;
        // dockerd's order of the actions in the scope
        this.transport = new RegistryTransport(http, base, auth, "repository:" + name + ":" + (push ? "push,pull" : "pull"));
        this.uploads = new BlobUploads(transport, base, name);
    }

    @Override
    public String repository() {
        return domain + "/" + name;
    }

    @Override
    public Manifest manifest(String tagOrDigest) {
        URI uri = base.resolve("/v2/" + name + "/manifests/" + tagOrDigest);
        HttpResponse<InputStream> response = transport.send("GET", uri, () -> HttpRequest.newBuilder(uri).timeout(SHORT)
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
            String auth = transport.authorization();
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
        HttpResponse<InputStream> response = transport.send("HEAD", uri, () -> HttpRequest.newBuilder(uri).timeout(SHORT)
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
        HttpResponse<InputStream> response = transport.send("GET", uri, () -> range == null ? HttpRequest.newBuilder(uri).GET()
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

    /** Reachable, and which authentication it wants (answered at once, saving a 401 per request). */
    void ping() {
        transport.ping();
    }

    @Override
    public void putBlob(String digest, long size, Supplier<InputStream> content, LongConsumer progress) {
        uploads.putBlob(digest, size, content, progress);
    }

    @Override
    public boolean mountBlob(String digest, String fromRepository) {
        return uploads.mountBlob(digest, fromRepository);
    }

    @Override
    public String putManifest(String tagOrDigest, String mediaType, byte[] content) {
        URI uri = base.resolve("/v2/" + name + "/manifests/" + tagOrDigest);
        HttpResponse<InputStream> response = transport.send("PUT", uri, () -> HttpRequest.newBuilder(uri).timeout(SHORT)
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

    static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GET /v2/<name>/tags/list, following the Link header of paginating registries. */
    @Override
    public List<String> tags() {
        List<String> tags = new java.util.ArrayList<>();
        URI uri = base.resolve("/v2/" + name + "/tags/list");
        for (int page = 0; uri != null && page < 1000; page++) {
            URI current = uri;
            HttpResponse<InputStream> response = transport.send("GET", current, () -> HttpRequest.newBuilder(current)
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
                for (var tag : TAGS_JSON.readTree(body).path("tags")) {
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
