package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/** Debian's docker-registry serving a temporary directory on a free loopback port. */
final class LocalRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    final String host;
    private final Process process;
    private final Path log;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalRegistry(String host, Process process, Path log, String authorization) {
        this.host = host;
        this.process = process;
        this.log = log;
        this.authorization = authorization;
    }

    /** @param user user and password for htpasswd auth, or null for an open registry */
    static LocalRegistry start(Path dir, String[] user) throws Exception {
        return start(dir, user, "127.0.0.1", null);
    }

    /**
     * @param address   the address to listen on (another than loopback to test insecure registries)
     * @param extraYaml configuration appended as it is (e.g. an {@code auth: token:} section), or null
     */
    static LocalRegistry start(Path dir, String[] user, String address, String extraYaml) throws Exception {
        Files.createDirectories(dir.resolve("storage"));
        int port = freePort();
        StringBuilder config = new StringBuilder("""
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: %s:%d
                  secret: linnet-test-secret
                """.formatted(dir.resolve("storage"), address, port));
        String authorization = null;
        if (user != null) {
            Commands.Result htpasswd = Commands.run("htpasswd", "-Bbn", user[0], user[1]).assertSuccess();
            Files.writeString(dir.resolve("htpasswd"), htpasswd.stdout().trim() + "\n");
            config.append("""
                    auth:
                      htpasswd:
                        realm: linnet-test
                        path: %s
                    """.formatted(dir.resolve("htpasswd")));
            authorization = "Basic " + Base64.getEncoder().encodeToString((user[0] + ":" + user[1]).getBytes());
        }
        if (extraYaml != null) {
            config.append(extraYaml);
        }
        Path file = Files.writeString(dir.resolve("config.yml"), config);
        Path log = dir.resolve("registry.log");
        Process p = new ProcessBuilder("docker-registry", "serve", file.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        LocalRegistry registry = new LocalRegistry(address + ":" + port, p, log, authorization);
        try {
            registry.awaitReady();
        } catch (Exception | AssertionError e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    private void awaitReady() throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited: " + Files.readString(log));
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401 || status == 403) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("docker-registry did not start: " + Files.readString(log));
    }

    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    void putBlob(String name, byte[] blob) throws Exception {
        HttpResponse<String> started = http.send(request("http://" + host + "/v2/" + name + "/blobs/uploads/")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, started.statusCode(), started.body());
        URI location = URI.create("http://" + host + "/").resolve(started.headers().firstValue("Location").orElseThrow());
        String put = location + (location.getQuery() == null ? "?" : "&") + "digest=sha256:" + TestImages.sha256(blob);
        HttpResponse<String> done = http.send(request(put).PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                .header("Content-Type", "application/octet-stream").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, done.statusCode(), done.body());
    }

    /** Removes a blob from a repository (the configuration enables deletes), to make a broken mirror. */
    void deleteBlob(String name, String digest) throws Exception {
        HttpResponse<String> done = http.send(request("http://" + host + "/v2/" + name + "/blobs/" + digest)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, done.statusCode(), done.body());
    }

    void putManifest(String name, String reference, String mediaType, byte[] manifest) throws Exception {
        HttpResponse<String> done = http.send(request("http://" + host + "/v2/" + name + "/manifests/" + reference)
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, done.statusCode(), done.body());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---- test fixtures ---------------------------------------------------------------------

    /** What seed() put in the registry. */
    record Seeded(String indexDigest, String amd64Id, String arm64Id, String layerDigest, long layerSize,
            String diffId) {
    }

    /**
     * A two-platform image as registries hold them: an OCI index with a linux/amd64 and a
     * linux/arm64 manifest sharing one gzip-compressed busybox layer, uploaded with the HTTP API.
     */
    static Seeded seed(LocalRegistry registry, String name, String tag) throws Exception {
        byte[] tar = TestImages.rootfsLayer("registry");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        byte[] layer = gz.toByteArray();
        String diffId = "sha256:" + TestImages.sha256(tar);
        byte[] amd64 = TestImages.config(diffId, Map.of(), List.of("sh"));
        ObjectNode armConfig = (ObjectNode) JSON.readTree(amd64);
        armConfig.put("architecture", "arm64").put("variant", "v8");
        byte[] arm64 = JSON.writeValueAsBytes(armConfig);
        registry.putBlob(name, layer);
        registry.putBlob(name, amd64);
        registry.putBlob(name, arm64);
        byte[] mAmd = manifest(amd64, layer);
        byte[] mArm = manifest(arm64, layer);
        registry.putManifest(name, "sha256:" + TestImages.sha256(mAmd), OCI_MANIFEST, mAmd);
        registry.putManifest(name, "sha256:" + TestImages.sha256(mArm), OCI_MANIFEST, mArm);
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2).put("mediaType", OCI_INDEX);
        var manifests = index.putArray("manifests");
        manifests.addObject().put("mediaType", OCI_MANIFEST).put("digest", "sha256:" + TestImages.sha256(mArm))
                .put("size", mArm.length).putObject("platform").put("os", "linux").put("architecture", "arm64")
                .put("variant", "v8");
        manifests.addObject().put("mediaType", OCI_MANIFEST).put("digest", "sha256:" + TestImages.sha256(mAmd))
                .put("size", mAmd.length).putObject("platform").put("os", "linux").put("architecture", "amd64");
        byte[] indexBytes = JSON.writeValueAsBytes(index);
        registry.putManifest(name, tag, OCI_INDEX, indexBytes);
        return new Seeded("sha256:" + TestImages.sha256(indexBytes), "sha256:" + TestImages.sha256(amd64),
                "sha256:" + TestImages.sha256(arm64), "sha256:" + TestImages.sha256(layer), layer.length, diffId);
    }

    /** A single-platform image (OCI manifest) of one gzip-compressed layer under a tag; returns the manifest digest. */
    static String seedImage(LocalRegistry registry, String name, String tag, byte[] layerGz, byte[] config)
            throws Exception {
        registry.putBlob(name, layerGz);
        registry.putBlob(name, config);
        byte[] m = manifest(config, layerGz);
        registry.putManifest(name, tag, OCI_MANIFEST, m);
        return "sha256:" + TestImages.sha256(m);
    }

    private static byte[] manifest(byte[] config, byte[] layer) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2).put("mediaType", OCI_MANIFEST);
        m.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("digest", "sha256:" + TestImages.sha256(config)).put("size", config.length);
        m.putArray("layers").addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip")
                .put("digest", "sha256:" + TestImages.sha256(layer)).put("size", layer.length);
        return JSON.writeValueAsBytes(m);
    }

}
