package io.linnet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linnet.api.model.JsonBody;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request checks of the real host stack (Jetty, HostCheck, the Jersey application from the
 * factory) over loopback TCP, as a browser page or a client would send them.
 */
@org.junit.jupiter.api.Timeout(60)
class RequestHygieneTest {
    static LoopbackHost host;
    static int port;
    static volatile int streamedBytes;

    @Path("/")
    public static final class Resource {
        @POST
        @Path("containers/create")
        @Consumes(MediaType.WILDCARD)
        @JsonBody
        public Response create(byte[] body) {
            return Response.status(201).entity("{\"Id\":\"" + body.length + "\"}").type("application/json").build();
        }

        @POST
        @Path("auth")
        @Consumes(MediaType.WILDCARD)
        @JsonBody(requireJsonType = false)
        public Response auth(byte[] body) {
            return Response.ok("{\"Status\":\"Login Succeeded\"}", "application/json").build();
        }

        /** A stream endpoint: never capped, never held whole. */
        @PUT
        @Path("containers/x/archive")
        @Consumes(MediaType.WILDCARD)
        public Response archive(InputStream in) throws IOException {
            byte[] buffer = new byte[65536];
            int total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
            streamedBytes = total;
            return Response.ok().build();
        }

        @GET
        @Path("_ping")
        public String ping() {
            return "OK";
        }
    }

    @BeforeAll
    static void start() throws Exception {
        host = LoopbackHost.start(new HttpConfiguration(), new Resource());
        port = host.port();
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
    }

    record Answer(int status, String body) {
    }

    static Answer send(String head, byte[] body) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException closedEarly) {
                    // the server may answer and close before reading a refused body
                }
            }
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            try {
                while ((n = in.read(buffer)) >= 0) {
                    all.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                // a connection closed on an unread body may end with a reset after the answer
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyStart = text.indexOf("\r\n\r\n") + 4;
            return new Answer(status, text.substring(bodyStart));
        }
    }

    static Answer post(String path, String host, String contentType, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + (body == null ? "" : "Content-Length: " + bytes.length + "\r\n") + "\r\n";
        return send(head, bytes);
    }

    @Test
    void aBrowsersNoCorsPostCannotCreate() throws IOException {
        Answer a = post("/containers/create", "127.0.0.1:" + port, "text/plain", "{\"Image\":\"busybox\"}");
        assertEquals(400, a.status());
        assertTrue(a.body().contains("\"message\":\"unsupported Content-Type header (text/plain): must be 'application/json'\""),
                a.body());
        for (String form : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "text/plain;charset=UTF-8")) {
            assertEquals(400, post("/containers/create", "localhost", form, "{\"Image\":\"busybox\"}").status(), form);
        }
    }

    @Test
    void contentTypeFollowsDockerdsRule() throws IOException {
        assertEquals(201, post("/containers/create", "localhost", "application/json", "{}").status());
        assertEquals(201, post("/containers/create", "localhost", "Application/JSON; charset=utf-8", "{}").status());
        // No type is fine only without a body, as in dockerd's CheckForJSON.
        assertEquals(201, post("/containers/create", "localhost", null, null).status());
        assertEquals(201, post("/containers/create", "localhost", null, "").status());
        Answer none = post("/containers/create", "localhost", null, "{}");
        assertEquals(400, none.status());
        assertTrue(none.body().contains("malformed Content-Type header (): mime: no media type"), none.body());
        Answer odd = post("/containers/create", "localhost", "text /plain", "{}");
        assertEquals(400, odd.status());
        assertTrue(odd.body().contains("malformed Content-Type header (text /plain): mime: expected slash after first token"),
                odd.body());
        // One token is a media type to Go: docker-java's archive type is unsupported, not malformed.
        Answer tar = post("/containers/create", "localhost", "APPLICATION_X_TAR", "{}");
        assertTrue(tar.body().contains("unsupported Content-Type header (APPLICATION_X_TAR): must be 'application/json'"),
                tar.body());
        // Even an empty body with a wrong type is refused (dockerd checks the type first).
        assertEquals(400, post("/containers/create", "localhost", "text/plain", "").status());
        // /auth takes any type, as dockerd's.
        assertEquals(200, post("/auth", "localhost", "text/plain", "{}").status());
    }

    @Test
    void aJsonBodyOverTheCapIs413AndNeverRead() throws IOException {
        // Declared beyond what is worth draining: refused at the head, the body never read.
        long huge = JsonBodyFilter.DRAIN_LIMIT + 1;
        String head = "POST /containers/create HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + huge + "\r\n\r\n";
        Answer declared = send(head, new byte[0]);
        assertEquals(413, declared.status());
        assertTrue(declared.body().contains("\"message\":\"request body too large"), declared.body());

        // Past what an int holds (Jersey's own length is an int): still refused, never read whole.
        Answer beyondInt = send("POST /containers/create HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: 3000000000\r\n\r\n", new byte[0]);
        assertEquals(413, beyondInt.status(), beyondInt.body());

        // Just over the cap, sent whole: drained, and the client reads its 413.
        int big = JsonBodyFilter.MAX_BYTES + 1;
        Answer sent = send("POST /containers/create HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + big + "\r\n\r\n", new byte[big]);
        assertEquals(413, sent.status());

        // Chunked, so the size is only known while reading.
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, (byte) ' ');
        for (int i = 0; i < 5; i++) {
            chunked.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            chunked.write(chunk);
            chunked.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        chunked.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        Answer streamed = send("POST /containers/create HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", chunked.toByteArray());
        assertEquals(413, streamed.status());
        assertTrue(streamed.body().contains("request body too large"), streamed.body());

        assertEquals(201, post("/containers/create", "localhost", "application/json",
                "{\"Env\":[\"" + "x".repeat(1 << 20) + "\"]}").status(), "a 1 MiB body is served");
    }

    @Test
    void streamsAreNotCapped() throws IOException {
        int size = JsonBodyFilter.MAX_BYTES * 3;
        String head = "PUT /containers/x/archive HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/x-tar\r\nContent-Length: " + size + "\r\n\r\n";
        assertEquals(200, send(head, new byte[size]).status());
        assertEquals(size, streamedBytes);
    }

    /** Paths Jetty refuses before routing still answer Docker's error body, not an HTML page. */
    @Test
    void jettysOwnRefusalsAreDockerErrors() throws IOException {
        for (String path : List.of("GET /containers/..%2F..%2Fetc/json", "GET /containers/a%00b/json", "GET /volumes/%2E%2E",
                "DELETE /containers/..%2Fx?force=1", "POST /volumes/%2E%2E/x")) {
            Answer a = send(path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", null);
            assertEquals(400, a.status(), path);
            assertTrue(a.body().startsWith("{\"message\":\""), path + ": " + a.body());
        }
    }

    @Test
    void tcpAnswersOnlyToLoopbackHostNames() throws IOException {
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "127.0.0.1", "[::1]:" + port,
                "127.1.2.3:80")) {
            assertEquals(200, send("GET /_ping HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n", null).status(),
                    host);
        }
        for (String host : List.of("evil.example:" + port, "evil.example", "127.0.0.1.nip.io:" + port, "docker",
                "localhost.evil.example", "0.0.0.0:" + port, "10.0.0.1")) {
            Answer a = send("GET /_ping HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n", null);
            assertEquals(403, a.status(), host);
            assertTrue(a.body().contains("\"message\":\"refusing a request for host"), a.body());
        }
        // A rebound page's POST is refused before its body matters.
        assertEquals(403, post("/containers/create", "evil.example:" + port, "application/json", "{}").status());
    }
}
