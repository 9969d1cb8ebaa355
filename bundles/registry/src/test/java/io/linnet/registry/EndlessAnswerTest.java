package io.linnet.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.registry.RegistryAuth;
import io.linnet.engine.api.registry.RegistryException;
import io.linnet.engine.api.registry.RegistrySession;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A registry (or a token server) that answers an endless body: every read is cut off at its cap,
 * with a clear error where the body matters, and never held whole.
 */
@Timeout(60)
class EndlessAnswerTest {
    private static final long ENDLESS = 1L << 40;
    private HttpServer server;
    private String host;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean tokenEndless;
    private volatile boolean pingEndless;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        host = "127.0.0.1:" + server.getAddress().getPort();
        String challenge = "Bearer realm=\"http://" + host + "/token\",service=\"fake\"";
        server.createContext("/token", ex -> {
            if (tokenEndless) {
                endless(ex, 200);
            } else {
                reply(ex, 200, "{\"token\":\"T\"}");
            }
        });
        server.createContext("/v2/", ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/v2/")) {
                if (pingEndless) {
                    endless(ex, 200);
                    return;
                }
                ex.getResponseHeaders().add("WWW-Authenticate", challenge);
                reply(ex, 401, "{}");
            } else if (path.endsWith("/manifests/big")) {
                ex.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
                endless(ex, 200);
            } else if (path.endsWith("/manifests/gone")) {
                endless(ex, 500);
            } else {
                reply(ex, 404, "{}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void endless(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, 0); // chunked, no end
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        try (OutputStream out = ex.getResponseBody()) {
            for (long n = 0; n < ENDLESS; n += chunk.length) {
                out.write(chunk);
                sent.addAndGet(chunk.length);
            }
        } catch (IOException clientLeft) {
            // the client closed the stream at its cap
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Test
    void anEndlessTokenAnswerIsAClearError() {
        tokenEndless = true;
        RegistryHttpClient client = new RegistryHttpClient(Set.of());
        RegistryException e = assertThrows(RegistryException.class,
                () -> client.open(ImageReference.parse(host + "/team/app:1"), RegistryAuth.NONE, false)
                        .manifest("1"));
        assertTrue(e.getMessage().contains("token answer of http://" + host + "/token is larger than 4194304 bytes"),
                e.getMessage());
        assertTrue(sent.get() < 64L << 20, "read " + sent.get() + " bytes of an endless answer");
    }

    @Test
    void anEndlessManifestOrErrorBodyIsCutOff() {
        RegistryHttpClient client = new RegistryHttpClient(Set.of());
        RegistrySession session = client.open(ImageReference.parse(host + "/team/app:big"), RegistryAuth.NONE, false);
        RegistryException big = assertThrows(RegistryException.class, () -> session.manifest("big"));
        assertTrue(big.getMessage().contains("larger than 4194304 bytes"), big.getMessage());
        assertThrows(RegistryException.class, () -> session.manifest("gone"));
        assertTrue(sent.get() < 64L << 20, "read " + sent.get() + " bytes of endless answers");
    }

    @Test
    void anEndlessPingOrLoginProbeIsNotRead() {
        pingEndless = true;
        RegistryHttpClient client = new RegistryHttpClient(Set.of());
        assertEquals("", client.login(new RegistryAuth("alice", "pw", "http://" + host, null, null)));
        client.open(ImageReference.parse(host + "/team/app:1"), RegistryAuth.NONE, false);
        assertTrue(sent.get() < 64L << 20, "read " + sent.get() + " bytes of endless answers");
    }
}
