package io.linnet.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.UnauthorizedException;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.registry.RegistryAuth;
import io.linnet.engine.api.registry.RegistryException;
import io.linnet.engine.api.registry.RegistrySession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token flow against a fake registry and token server (the JDK's HTTP server). */
class BearerFlowTest {
    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":"
            + "\"application/vnd.oci.image.manifest.v1+json\",\"config\":{},\"layers\":[]}";
    private HttpServer server;
    private String host;
    private final List<String> tokenQueries = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // a TLS hello (tried first on loopback, as dockerd does) must not block the other connections
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        host = "127.0.0.1:" + server.getAddress().getPort();
        String challenge = "Bearer realm=\"http://" + host + "/token\",service=\"fake-registry\"";
        server.createContext("/token", ex -> {
            tokenQueries.add(ex.getRequestURI().getRawQuery());
            String basic = ex.getRequestHeaders().getFirst("Authorization");
            String good = "Basic " + Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8));
            if (!good.equals(basic)) {
                reply(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}", null);
                return;
            }
            reply(ex, 200, "{\"token\":\"T0K3N\",\"refresh_token\":\"refresh-me\"}", null);
        });
        server.createContext("/v2/", ex -> {
            if (!"Bearer T0K3N".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                reply(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}",
                        challenge);
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals("/v2/")) {
                reply(ex, 200, "{}", null);
            } else if (path.equals("/v2/team/app/manifests/1")) {
                ex.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
                reply(ex, 200, MANIFEST, null);
            } else {
                reply(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}", null);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(HttpExchange ex, int status, String body, String challenge) throws IOException {
        if (challenge != null) {
            ex.getResponseHeaders().add("WWW-Authenticate", challenge);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Test
    void tokenForTheRepositoryScopeThenTheManifest() {
        RegistryHttpClient client = new RegistryHttpClient(Set.of());
        RegistryAuth alice = new RegistryAuth("alice", "pw", host, null, null);
        RegistrySession session = client.open(ImageReference.parse(host + "/team/app:1"), alice, false);
        RegistrySession.Manifest m = session.manifest("1");
        assertEquals("application/vnd.oci.image.manifest.v1+json", m.mediaType());
        assertEquals(HttpRegistrySession.sha256(MANIFEST.getBytes(StandardCharsets.UTF_8)), m.digest());
        assertTrue(tokenQueries.stream().anyMatch(q -> q.contains("scope=repository%3Ateam%2Fapp%3Apull")
                && q.contains("service=fake-registry")), tokenQueries.toString());
        NotFoundException missing = assertThrows(NotFoundException.class, () -> session.manifest("2"));
        assertEquals("manifest for " + host + "/team/app:2 not found: manifest unknown: manifest unknown",
                missing.getMessage());
    }

    @Test
    void loginGetsTheRefreshTokenAndBadCredentialsAre401() {
        RegistryHttpClient client = new RegistryHttpClient(Set.of());
        assertEquals("refresh-me", client.login(new RegistryAuth("alice", "pw", "http://" + host, null, null)));
        assertThrows(UnauthorizedException.class,
                () -> client.login(new RegistryAuth("alice", "nope", host, null, null)));
    }

    @Test
    void unreachableRegistryInDockerdsWords() throws IOException {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RegistryHttpClient client = new RegistryHttpClient(Set.of());
        RegistryException e = assertThrows(RegistryException.class,
                () -> client.open(ImageReference.parse("127.0.0.1:" + port + "/x:1"), RegistryAuth.NONE, false));
        assertEquals("Get \"http://127.0.0.1:" + port + "/v2/\": dial tcp 127.0.0.1:" + port
                + ": connect: connection refused", e.getMessage());
    }
}
