package io.linnet.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.registry.RegistryAuth;
import io.linnet.engine.api.registry.RegistrySession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blob uploads against a fake registry that records what it is sent (the JDK's HTTP server). */
class UploadFlowTest {
    private HttpServer server;
    private String host;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        host = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/v2/", ex -> {
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getRawQuery();
            byte[] body = ex.getRequestBody().readAllBytes();
            String range = ex.getRequestHeaders().getFirst("Content-Range");
            requests.add(ex.getRequestMethod() + " " + path + (query == null ? "" : "?" + query)
                    + (range == null ? "" : " " + range) + " " + body.length);
            synchronized (received) {
                received.write(body);
            }
            if (path.equals("/v2/")) {
                reply(ex, 200, null);
            } else if (ex.getRequestMethod().equals("POST") && query != null && query.contains("from=mounted/here")) {
                reply(ex, 201, null);
            } else if (ex.getRequestMethod().equals("POST") || ex.getRequestMethod().equals("PATCH")) {
                reply(ex, 202, "/v2/team/app/blobs/uploads/u" + requests.size());
            } else {
                reply(ex, ex.getRequestMethod().equals("DELETE") ? 204 : 201, null);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(HttpExchange ex, int status, String location) throws IOException {
        if (location != null) {
            ex.getResponseHeaders().add("Location", location);
        }
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    private RegistrySession session() {
        return new RegistryHttpClient(Set.of()).open(ImageReference.parse(host + "/team/app:1"), RegistryAuth.NONE, true);
    }

    @Test
    void aLargeBlobGoesUpInChunksWithTheirRangesThenThePutWithItsDigest() {
        byte[] blob = new byte[(int) (2 * BlobUploads.CHUNK_SIZE + 1000)];
        new Random(1).nextBytes(blob);
        AtomicLong progress = new AtomicLong();
        session().putBlob("sha256:abc", blob.length, () -> new ByteArrayInputStream(blob), progress::set);
        List<String> upload = requests.stream().filter(r -> !r.startsWith("GET /v2/ ")).toList();
        long chunk = BlobUploads.CHUNK_SIZE;
        assertEquals(List.of("POST /v2/team/app/blobs/uploads/ 0",
                "PATCH /v2/team/app/blobs/uploads/u2 0-" + (chunk - 1) + " " + chunk,
                "PATCH /v2/team/app/blobs/uploads/u3 " + chunk + "-" + (2 * chunk - 1) + " " + chunk,
                "PATCH /v2/team/app/blobs/uploads/u4 " + 2 * chunk + "-" + (blob.length - 1) + " 1000",
                "PUT /v2/team/app/blobs/uploads/u5?digest=sha256:abc 0"), upload);
        assertArrayEquals(blob, received.toByteArray(), "every byte once, in order");
        assertEquals(blob.length, progress.get());
    }

    @Test
    void aSmallBlobIsOnePut() {
        session().putBlob("sha256:def", 3, () -> new ByteArrayInputStream(new byte[] {1, 2, 3}), null);
        List<String> upload = requests.stream().filter(r -> !r.startsWith("GET /v2/ ")).toList();
        assertEquals(List.of("POST /v2/team/app/blobs/uploads/ 0",
                "PUT /v2/team/app/blobs/uploads/u2?digest=sha256:def 3"), upload);
    }

    @Test
    void aMountIsLinkedOrItsStartedUploadCancelled() {
        RegistrySession session = session();
        assertTrue(session.mountBlob("sha256:abc", "mounted/here"));
        assertFalse(session.mountBlob("sha256:abc", "elsewhere"));
        List<String> calls = requests.stream().filter(r -> !r.startsWith("GET /v2/ ")).toList();
        assertEquals(List.of("POST /v2/team/app/blobs/uploads/?mount=sha256:abc&from=mounted/here 0",
                "POST /v2/team/app/blobs/uploads/?mount=sha256:abc&from=elsewhere 0",
                "DELETE /v2/team/app/blobs/uploads/u3 0"), calls);
    }
}
