package io.linnet.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;

/**
 * The HTTP host's own Jersey application (its filters, Docker error mappers and JSON settings, built
 * by {@link ApplicationFactory} as the daemon builds it) around the resources under test, served by
 * Jetty on an in-memory connector: requests go through the real HTTP parsing, version prefix and
 * error mapping, without a socket. It lives in the host's package because those classes are the
 * bundle's private ones.
 */
public final class InMemoryApi implements AutoCloseable {
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();
    private static final long TIMEOUT_SECONDS = 10;

    private final Server server;
    private final LocalConnector connector;
    private final Hijacks hijacks = new Hijacks(4);

    private InMemoryApi(List<Object> resources) throws Exception {
        server = new Server();
        HttpConfiguration http = HttpHost.httpConfiguration(); // the daemon's own settings
        connector = new LocalConnector(server, new HttpConnectionFactory(http));
        server.addConnector(connector);
        ApplicationSwitch applications = new ApplicationSwitch();
        server.setHandler(applications);
        server.start();
        applications.switchTo(new ApplicationFactory("0.0.0", hijacks).build(resources, server));
    }

    /** Serves {@code resources} (JAX-RS resource objects) as the daemon would. */
    public static InMemoryApi serving(Object... resources) {
        try {
            return new InMemoryApi(List.of(resources));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-memory API", e);
        }
    }

    public Answer get(String path) {
        return send("GET", path, null, null);
    }

    public Answer delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** A POST without a body, as the docker CLI sends start, stop, kill and the like. */
    public Answer post(String path) {
        return send("POST", path, null, null);
    }

    public Answer post(String path, String json) {
        return send("POST", path, "application/json", json);
    }

    /**
     * Sends one request; {@code path} is sent as written (percent-escapes and all), as a client
     * puts it on the wire.
     */
    public Answer send(String method, String path, String contentType, String body) {
        HttpTester.Request request = HttpTester.newRequest();
        request.setMethod(method);
        request.setURI(path);
        request.setHeader("Host", "localhost");
        if (contentType != null) {
            request.setHeader("Content-Type", contentType);
        }
        if (body != null) {
            request.setContent(body);
        }
        try {
            ByteBuffer raw = connector.getResponse(request.generate(), TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (raw == null) {
                throw new IllegalStateException(method + " " + path + ": no answer within " + TIMEOUT_SECONDS + " s");
            }
            HttpTester.Response response = HttpTester.parseResponse(raw);
            return new Answer(response.getStatus(), response, response.getContent());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    @Override
    public void close() throws Exception {
        hijacks.close();
        server.stop();
    }

    /** An answer as the client reads it. */
    public record Answer(int status, HttpFields headers, String body) {

        public String header(String name) {
            return headers.get(name);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        /** The {@code message} of Docker's error body. */
        public String message() {
            return json().path("message").asText(null);
        }
    }
}
