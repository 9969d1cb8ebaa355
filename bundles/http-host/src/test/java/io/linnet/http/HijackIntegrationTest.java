package io.linnet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linnet.engine.api.NotFoundException;
import io.linnet.http.stream.ChunkedStream;
import io.linnet.http.stream.Hijack;
import io.linnet.http.stream.StdReader;
import io.linnet.http.stream.StdStream;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real stack outside OSGi (Jetty on a unix socket, the application switch, a Jersey
 * application from the factory) driven over a raw socket as the docker CLI drives attach.
 */
@org.junit.jupiter.api.Timeout(30)
class HijackIntegrationTest {
    @TempDir
    static java.nio.file.Path dir;
    static Server server;
    static Hijacks hijacks;
    static java.nio.file.Path socket;
    static final CountDownLatch eventsReleased = new CountDownLatch(1);
    static final CountDownLatch quietReleased = new CountDownLatch(1);
    static final java.util.concurrent.CompletableFuture<ChunkedStream.Sink> stuckSink =
            new java.util.concurrent.CompletableFuture<>();
    static final CountDownLatch stuckWriterFreed = new CountDownLatch(1);

    /** Echoes stdin back as stdout (framed unless tty=1), ends when stdin ends. */
    @Path("/")
    public static final class EchoResource {
        /** Sends its head and then nothing: no heartbeat, only the host's watch sees the client go. */
        @GET
        @Path("events/quiet")
        public Response quiet(@Context ContainerRequestContext request) {
            return Response.ok(ChunkedStream.of(request, sink -> {
                sink.onClose(quietReleased::countDown);
                sink.commit();
            }), "application/json").build();
        }

        /** Writes until its client stops reading; another thread then ends it. */
        @GET
        @Path("events/stuck")
        public Response stuck(@Context ContainerRequestContext request) {
            return Response.ok(ChunkedStream.of(request, sink -> {
                stuckSink.complete(sink);
                Thread writer = new Thread(() -> {
                    byte[] chunk = new byte[16 * 1024];
                    java.util.Arrays.fill(chunk, (byte) 'x');
                    while (sink.send(chunk)) {
                        // until the client's buffers are full, then blocked
                    }
                    stuckWriterFreed.countDown();
                });
                writer.setDaemon(true);
                writer.start();
            }), "application/json").build();
        }

        @POST
        @Path("containers/{id}/attach")
        public Response attach(@PathParam("id") String id, @QueryParam("tty") String tty,
                @Context ContainerRequestContext request) {
            if (id.equals("missing")) {
                throw new NotFoundException("No such container: " + id);
            }
            return Hijack.respond(request, !"1".equals(tty), streams -> {
                byte[] buffer = new byte[8192];
                InputStream in = streams.stdin();
                OutputStream out = streams.stdout();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
                streams.stderr().write("done".getBytes(StandardCharsets.UTF_8));
            });
        }

        @GET
        @Path("events")
        public Response events(@QueryParam("n") int n, @Context ContainerRequestContext request) {
            return Response.ok(ChunkedStream.of(request, sink -> {
                for (int i = 0; i < n; i++) {
                    sink.send(("{\"i\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
                }
                sink.end();
            }), "application/json").build();
        }

        /** Never ends by itself: only the client leaving ends it (noticed through the heartbeat). */
        @GET
        @Path("events/follow")
        public Response follow(@Context ContainerRequestContext request) {
            return Response.ok(ChunkedStream.of(request, sink -> {
                sink.onClose(eventsReleased::countDown);
                sink.send("{\"first\":true}\n".getBytes(StandardCharsets.UTF_8));
            }, "\n".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(50)), "application/json").build();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2, 300);
        threads.setReservedThreads(0);
        threads.setName("test-http");
        server = new Server(threads);
        socket = dir.resolve("linnet.sock");
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server,
                new HttpConnectionFactory(new HttpConfiguration()));
        connector.setUnixDomainPath(socket);
        connector.setIdleTimeout(1000); // short, to show the sessions are exempt
        server.addConnector(connector);
        ApplicationSwitch applications = new ApplicationSwitch();
        server.setHandler(applications);
        server.start();
        hijacks = new Hijacks(8);
        ApplicationFactory factory = new ApplicationFactory("0.1.0", hijacks);
        applications.switchTo(factory.build(List.of(new EchoResource()), server));
    }

    @AfterAll
    static void stop() throws Exception {
        hijacks.close();
        server.stop();
    }

    /** A response head as read off the socket. */
    record Head(String statusLine, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        String status = null;
        Map<String, String> headers = new LinkedHashMap<>();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("EOF in head");
            }
            if (c == '\n' && prev == '\r') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                text = text.substring(0, text.length() - 1);
                line.reset();
                if (text.isEmpty()) {
                    return new Head(status, headers);
                }
                if (status == null) {
                    status = text;
                } else {
                    int colon = text.indexOf(':');
                    headers.put(text.substring(0, colon).trim().toLowerCase(Locale.ROOT), text.substring(colon + 1).trim());
                }
            } else {
                line.write(c);
            }
            prev = c;
        }
    }

    /**
     * Streams over the channel's own read and write (the ones of {@link Channels} share one lock,
     * so a blocked read would stop a concurrent write).
     */
    static InputStream in(SocketChannel channel) {
        return io.linnet.engine.api.io.ChannelStreams.in(channel);
    }

    static OutputStream out(SocketChannel channel) {
        return io.linnet.engine.api.io.ChannelStreams.out(channel);
    }

    /** Reads a chunked body to its last chunk. */
    static String readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(in);
            int n = Integer.parseInt(size.trim(), 16);
            if (n == 0) {
                readLine(in);
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(in.readNBytes(n));
            readLine(in);
        }
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("EOF in line");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    static SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
    }

    static String attachRequest(String path, boolean upgrade) {
        return "POST " + path + " HTTP/1.1\r\nHost: api.moby.localhost\r\nUser-Agent: Docker-Client/24.0.7 (linux)\r\n"
                + "Content-Length: 0\r\nContent-Type: text/plain\r\n"
                + (upgrade ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : "") + "\r\n";
    }

    /** Sends the request and {@code early} in one write, then {@code late}, then half-closes. */
    static Head attach(SocketChannel channel, String path, boolean upgrade, byte[] early, byte[] late)
            throws IOException {
        OutputStream out = out(channel);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        first.write(attachRequest(path, upgrade).getBytes(StandardCharsets.ISO_8859_1));
        first.write(early);
        out.write(first.toByteArray());
        Head head = readHead(in(channel));
        out.write(late);
        channel.shutdownOutput();
        return head;
    }

    /** Reads frames to EOF: stdout joined, and the stderr text. */
    static String[] readFramed(InputStream in) throws IOException {
        StdReader reader = new StdReader(in);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        for (StdReader.Frame f; (f = reader.next()) != null; ) {
            (f.stream() == StdStream.STDOUT ? stdout : stderr).write(f.payload());
        }
        return new String[] {stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void upgradedAttachEchoesFramedStdoutUntilStdinEnds() throws Exception {
        try (SocketChannel channel = connect()) {
            Head head = attach(channel, "/containers/x/attach?stream=1&stdin=1&stdout=1", true,
                    "early ".getBytes(StandardCharsets.UTF_8), "late\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("HTTP/1.1 101 UPGRADED", head.statusLine());
            assertEquals("Upgrade", head.header("Connection"));
            assertEquals("tcp", head.header("Upgrade"));
            assertEquals(Hijack.MULTIPLEXED_STREAM, head.header("Content-Type"));
            assertEquals("1.43", head.header("Api-Version"));
            assertNull(head.header("Transfer-Encoding"));
            String[] echoed = readFramed(in(channel));
            assertEquals("early late\n", echoed[0]);
            assertEquals("done", echoed[1]);
        }
    }

    @Test
    void olderApiVersionsGetTheRawStreamTypeStillFramed() throws Exception {
        try (SocketChannel channel = connect()) {
            Head head = attach(channel, "/v1.41/containers/x/attach?stream=1&stdin=1&stdout=1", true,
                    new byte[0], "abc".getBytes(StandardCharsets.UTF_8));
            assertEquals("HTTP/1.1 101 UPGRADED", head.statusLine());
            assertEquals(Hijack.RAW_STREAM, head.header("Content-Type"));
            assertEquals("abc", readFramed(in(channel))[0]);
        }
    }

    @Test
    void withoutUpgradeItIs200AndTheStreamEndsWithTheConnection() throws Exception {
        try (SocketChannel channel = connect()) {
            Head head = attach(channel, "/containers/x/attach?stream=1&stdin=1&stdout=1", false,
                    "one ".getBytes(StandardCharsets.UTF_8), "two".getBytes(StandardCharsets.UTF_8));
            assertEquals("HTTP/1.1 200 OK", head.statusLine());
            assertEquals(Hijack.RAW_STREAM, head.header("Content-Type"));
            assertEquals("close", head.header("Connection"));
            assertNull(head.header("Content-Length"));
            assertNull(head.header("Transfer-Encoding"));
            String[] echoed = readFramed(in(channel));
            assertEquals("one two", echoed[0]);
            assertEquals("done", echoed[1]);
        }
    }

    @Test
    void ttySessionsAreRaw() throws Exception {
        try (SocketChannel channel = connect()) {
            Head head = attach(channel, "/containers/x/attach?stream=1&stdin=1&stdout=1&tty=1", true,
                    "raw".getBytes(StandardCharsets.UTF_8), "!".getBytes(StandardCharsets.UTF_8));
            assertEquals(Hijack.RAW_STREAM, head.header("Content-Type"));
            assertEquals("raw!done", new String(in(channel).readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void errorsBeforeTheTakeoverAreOrdinaryResponses() throws Exception {
        try (SocketChannel channel = connect()) {
            out(channel).write(
                    attachRequest("/containers/missing/attach?stream=1", true).getBytes(StandardCharsets.ISO_8859_1));
            Head head = readHead(in(channel));
            assertEquals("HTTP/1.1 404 Not Found", head.statusLine());
            assertEquals("application/json", head.header("Content-Type"));
            String body = head.header("Content-Length") != null
                    ? new String(in(channel).readNBytes(Integer.parseInt(head.header("Content-Length"))), StandardCharsets.UTF_8)
                    : readChunked(in(channel));
            assertEquals("{\"message\":\"No such container: missing\"}", body.trim());
        }
    }

    @Test
    void megabytesFlowBothWaysWithBoundedBuffering() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        try (SocketChannel channel = connect()) {
            OutputStream out = out(channel);
            out.write(attachRequest("/containers/x/attach?stream=1&stdin=1&stdout=1&tty=1", true)
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = in(channel);
            assertEquals("HTTP/1.1 101 UPGRADED", readHead(in).statusLine());
            Thread writer = new Thread(() -> {
                try {
                    out.write(data);
                    channel.shutdownOutput();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            byte[] echoed = in.readAllBytes();
            writer.join();
            assertEquals(data.length + 4, echoed.length);
            assertTrue(java.util.Arrays.equals(data, java.util.Arrays.copyOf(echoed, data.length)));
        }
    }

    @Test
    void sessionsOutliveTheIdleTimeout() throws Exception {
        try (SocketChannel channel = connect()) {
            OutputStream out = out(channel);
            out.write(attachRequest("/containers/x/attach?stream=1&stdin=1&tty=1", true)
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = in(channel);
            assertEquals("HTTP/1.1 101 UPGRADED", readHead(in).statusLine());
            Thread.sleep(1500); // longer than the connector's idle timeout
            out.write("still here".getBytes(StandardCharsets.UTF_8));
            channel.shutdownOutput();
            assertEquals("still heredone", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void fiftySequentialHijacksLeaveNoThreadsBehind() throws Exception {
        Thread.sleep(2500); // let session threads of other tests time out
        java.util.Set<String> beforeNames = threadNames();
        int before = Thread.activeCount();
        for (int i = 0; i < 50; i++) {
            try (SocketChannel channel = connect()) {
                String text = "session " + i;
                Head head = attach(channel, "/containers/x/attach?stream=1&stdin=1&stdout=1", i % 2 == 0,
                        new byte[0], text.getBytes(StandardCharsets.UTF_8));
                assertEquals(i % 2 == 0 ? "HTTP/1.1 101 UPGRADED" : "HTTP/1.1 200 OK", head.statusLine());
                assertEquals(text, readFramed(in(channel))[0]);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((Thread.activeCount() > before || hijacks.openSessions() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, hijacks.openSessions());
        java.util.Set<String> added = threadNames();
        added.removeAll(beforeNames);
        assertTrue(Thread.activeCount() <= before, "threads before " + before + ", after " + Thread.activeCount()
                + ", new: " + added);
        // every permit came back: as many sessions as allowed can start at once
        for (int i = 0; i < 8; i++) {
            assertTrue(hijacks.tryReserve());
        }
        assertFalse(hijacks.tryReserve());
        for (int i = 0; i < 8; i++) {
            hijacks.release();
        }
    }

    static java.util.Set<String> threadNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.add(t.getName());
        }
        return names;
    }

    @Test
    void chunkedStreamsSendEachChunk() throws Exception {
        try (SocketChannel channel = connect()) {
            out(channel).write(("GET /events?n=3 HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = in(channel);
            Head head = readHead(in);
            assertEquals("HTTP/1.1 200 OK", head.statusLine());
            assertEquals("chunked", head.header("Transfer-Encoding"));
            assertEquals("{\"i\":0}\n{\"i\":1}\n{\"i\":2}\n", readChunked(in));
        }
    }

    @Test
    void aClientLeavingAChunkedStreamReleasesItsProducer() throws Exception {
        SocketChannel channel = connect();
        out(channel).write(("GET /events/follow HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = in(channel);
        assertEquals("HTTP/1.1 200 OK", readHead(in).statusLine());
        Thread.sleep(1500); // beyond the idle timeout: the stream stays
        assertEquals(1, eventsReleased.getCount());
        channel.close();
        assertTrue(eventsReleased.await(5, TimeUnit.SECONDS), "the producer was not released");
    }

    @Test
    void aQuietStreamSendsItsHeadAtOnceAndNoticesTheClientLeavingWithoutWriting() throws Exception {
        SocketChannel channel = connect();
        out(channel).write(("GET /events/quiet HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        Head head = readHead(in(channel));
        assertEquals("HTTP/1.1 200 OK", head.statusLine());
        assertEquals("chunked", head.header("Transfer-Encoding"));
        assertEquals("close", head.header("Connection"), "the watched connection carries no next request");
        Thread.sleep(300);
        assertEquals(1, quietReleased.getCount());
        long start = System.nanoTime();
        channel.close();
        assertTrue(quietReleased.await(5, TimeUnit.SECONDS), "the producer was not released");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "noticed at once");
    }

    @Test
    void endingAStreamFreesAWriterStuckOnAClientThatStoppedReading() throws Exception {
        try (SocketChannel channel = connect()) {
            out(channel).write(("GET /events/stuck HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            ChunkedStream.Sink sink = stuckSink.get(5, TimeUnit.SECONDS);
            Thread.sleep(1000); // the client reads nothing: the writer blocks
            assertEquals(1, stuckWriterFreed.getCount());
            sink.end();
            assertTrue(stuckWriterFreed.await(5, TimeUnit.SECONDS), "the stuck writer was not freed");
        }
    }
}
