package io.linnet.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.registry.RegistryAuth;
import io.linnet.engine.api.registry.RegistryClient;
import io.linnet.engine.api.registry.RegistryException;
import io.linnet.engine.api.registry.RegistrySession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pull sources in dockerd's order, and the HTTPS-then-HTTP fallback of an insecure registry. */
class MirrorFallbackTest {

    @Test
    void sourcesAreMirrorsThenTheHubAndAnInsecureRegistryFallsBackToHttp() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", ex -> {
            byte[] body = ex.getRequestURI().getPath().endsWith("/tags/list")
                    ? "{\"name\":\"library/busybox\",\"tags\":[\"1\",\"latest\"]}".getBytes(StandardCharsets.UTF_8)
                    : "{}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        try {
            String live = "127.0.0.1:" + server.getAddress().getPort();
            int dead = LocalPorts.unused();
            RegistryHttpClient client = new RegistryHttpClient(new Endpoints(List.of(),
                    List.of("http://127.0.0.1:" + dead + "/", "http://" + live + "/"), h -> List.of()),
                    java.time.Duration.ofSeconds(2));
            ImageReference busybox = ImageReference.parse("busybox");
            List<RegistryClient.PullSource> sources = client.pullSources(busybox, RegistryAuth.NONE);
            assertEquals(List.of("http://127.0.0.1:" + dead + "/", "http://" + live + "/", "docker.io"),
                    sources.stream().map(RegistryClient.PullSource::name).toList());
            assertTrue(sources.get(0).mirror() && sources.get(1).mirror() && !sources.get(2).mirror());
            RegistryException refused = org.junit.jupiter.api.Assertions.assertThrows(RegistryException.class,
                    () -> sources.get(0).session().get());
            assertEquals("Get \"http://127.0.0.1:" + dead + "/v2/\": dial tcp 127.0.0.1:" + dead
                    + ": connect: connection refused", refused.getMessage());
            RegistrySession mirror = sources.get(1).session().get();
            assertEquals(List.of("1", "latest"), mirror.tags());

            // a loopback registry in plain HTTP: HTTPS is tried first and falls back
            RegistrySession direct = client.open(ImageReference.parse(live + "/x"), RegistryAuth.NONE, false);
            assertEquals(List.of("1", "latest"), direct.tags());
        } finally {
            server.stop(0);
        }
    }

    /** A loopback port nobody listens on. */
    static final class LocalPorts {
        static int unused() throws Exception {
            try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }
}
