package io.linnet.itests;

import static io.linnet.itests.Commands.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker events} against linnetd: what dockerd shows for the same commands. */
@WithLinnet
class EventsEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINE = "{{.Type}} {{.Action}} {{json .Actor.Attributes}}";
    @WithLinnet.Inject
    private static LinnetDaemon daemon;
    private static String busyboxId;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        busyboxId = daemon.busybox().id();
    }

    /** Unix seconds with nanoseconds, as the docker CLI sends since and until. */
    private static String unix(Instant t) {
        return String.format("%d.%09d", t.getEpochSecond(), t.getNano());
    }

    private static List<String> events(Instant since, Instant until, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("events", "--since", unix(since), "--until", unix(until),
                "--format", LINE));
        args.addAll(List.of(more));
        return lines(daemon.docker(args.toArray(String[]::new)).assertSuccess().stdout());
    }

    @Test
    void runRmShowsDockerdsSequenceWithItsAttributes() throws Exception {
        Instant t0 = Instant.now();
        daemon.docker("run", "--rm", "--name", "ev-run", "--label", "a=b", "busybox", "true").assertSuccess();
        Instant t1 = Instant.now();
        String attrs = "\"a\":\"b\",\"image\":\"busybox\",\"name\":\"ev-run\"";
        // as dockerd 20.10 shows it, plus execDuration (dockerd 23+)
        assertEquals(List.of(
                "container create {" + attrs + "}",
                "container attach {" + attrs + "}",
                "container start {" + attrs + "}",
                "container die {\"a\":\"b\",\"execDuration\":\"0\",\"exitCode\":\"0\",\"image\":\"busybox\",\"name\":\"ev-run\"}",
                "container destroy {" + attrs + "}"), events(t0, t1, "--filter", "type=container"));
        // with the default bridge's endpoint around start and die, in dockerd's order
        assertEquals(List.of("create", "attach", "connect", "start", "die", "disconnect", "destroy"),
                events(t0, t1, "--format", "{{.Action}}"));

        // the wire format: deprecated fields first, then Type, Action, Actor, scope, time, timeNano
        String body = daemon.curl("http://docker/events?since=" + unix(t0) + "&until=" + unix(t1)).stdout();
        List<String> objects = lines(body);
        assertEquals(7, objects.size(), body);
        JsonNode create = JSON.readTree(objects.get(0));
        String id = create.path("id").asText();
        assertTrue(id.matches("[0-9a-f]{64}"), objects.get(0));
        List<String> keys = new ArrayList<>();
        create.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("status", "id", "from", "Type", "Action", "Actor", "scope", "time", "timeNano"), keys);
        assertEquals("create", create.path("status").asText());
        assertEquals("busybox", create.path("from").asText());
        assertEquals(id, create.path("Actor").path("ID").asText());
        assertEquals("local", create.path("scope").asText());
        long nano = create.path("timeNano").asLong();
        assertEquals(nano / 1_000_000_000L, create.path("time").asLong());
        assertTrue(nano >= t0.getEpochSecond() * 1_000_000_000L + t0.getNano(), objects.get(0));
    }

    @Test
    void stopAndForcedRemoveShowKillsWithTheirSignals() throws Exception {
        Instant t0 = Instant.now();
        daemon.docker("run", "-d", "--name", "ev-stop", "busybox", "sleep", "100").assertSuccess();
        daemon.docker("stop", "-t", "1", "ev-stop").assertSuccess();
        daemon.docker("rm", "ev-stop").assertSuccess();
        daemon.docker("run", "-d", "--name", "ev-kill", "busybox", "sleep", "100").assertSuccess();
        daemon.docker("rm", "-f", "ev-kill").assertSuccess();
        Instant t1 = Instant.now();
        List<String> got = events(t0, t1, "--filter", "type=container", "--format", "{{.Action}} {{.Actor.Attributes.name}}"
                + "{{with .Actor.Attributes.signal}} {{.}}{{end}}{{with .Actor.Attributes.exitCode}} {{.}}{{end}}");
        // sleep as PID 1 ignores SIGTERM: stop kills it after the timeout, as with dockerd
        assertEquals(List.of("create ev-stop", "start ev-stop", "kill ev-stop 15", "kill ev-stop 9",
                "die ev-stop 137", "stop ev-stop", "destroy ev-stop",
                "create ev-kill", "start ev-kill", "kill ev-kill 9", "die ev-kill 137", "destroy ev-kill"), got);
    }

    @Test
    void aContainersVolumesAreMountedAtStartAndUnmountedAtExit() throws Exception {
        Instant t0 = Instant.now();
        String id = daemon.docker("run", "-d", "-v", "ev-data:/data:ro", "busybox", "true").assertSuccess().stdout().trim();
        daemon.docker("wait", id).assertSuccess();
        daemon.docker("rm", id).assertSuccess();
        daemon.docker("volume", "rm", "ev-data").assertSuccess();
        Instant t1 = Instant.now();
        // moby's attributes: destination, read/write and propagation only when mounting
        assertEquals(List.of("volume create ev-data {\"driver\":\"local\"}",
                "volume mount ev-data {\"container\":\"" + id + "\",\"destination\":\"/data\",\"driver\":\"local\","
                        + "\"propagation\":\"\",\"read/write\":\"false\"}",
                "volume unmount ev-data {\"container\":\"" + id + "\",\"driver\":\"local\"}",
                "volume destroy ev-data {\"driver\":\"local\"}"),
                events(t0, t1, "--filter", "type=volume", "--format",
                        "{{.Type}} {{.Action}} {{.Actor.ID}} {{json .Actor.Attributes}}"));
        List<String> order = events(t0, t1, "--format", "{{.Type}} {{.Action}}", "--filter", "event=start",
                "--filter", "event=mount", "--filter", "event=die", "--filter", "event=unmount");
        assertEquals(List.of("volume mount", "container start", "container die", "volume unmount"), order);
    }

    @Test
    void filtersByTypeEventLabelContainerAndImage() throws Exception {
        Instant t0 = Instant.now();
        daemon.docker("run", "--rm", "--name", "ev-f1", "--label", "team=blue", "busybox", "true").assertSuccess();
        daemon.docker("run", "--rm", "--name", "ev-f2", "busybox", "true").assertSuccess();
        daemon.docker("volume", "create", "ev-vol").assertSuccess();
        daemon.docker("volume", "rm", "ev-vol").assertSuccess();
        Instant t1 = Instant.now();
        String f = "{{.Type}} {{.Action}}{{with .Actor.Attributes.name}} {{.}}{{end}}";

        assertEquals(List.of("volume create", "volume destroy"),
                events(t0, t1, "--format", f, "--filter", "type=volume"));
        assertEquals(List.of("volume create {\"driver\":\"local\"}", "volume destroy {\"driver\":\"local\"}"),
                events(t0, t1, "--filter", "volume=ev-vol"));
        assertEquals(List.of("container start ev-f1", "container start ev-f2"),
                events(t0, t1, "--format", f, "--filter", "event=start"));
        assertEquals(List.of("container create ev-f1", "container attach ev-f1", "container start ev-f1",
                "container die ev-f1", "container destroy ev-f1"),
                events(t0, t1, "--format", f, "--filter", "label=team=blue"));
        assertEquals(List.of("container die ev-f2", "container destroy ev-f2"),
                events(t0, t1, "--format", f, "--filter", "container=ev-f2", "--filter", "event=die",
                        "--filter", "event=destroy"));
        assertEquals(10, events(t0, t1, "--filter", "image=busybox").size(), "a container's image matches");
        assertEquals(List.of(), events(t0, t1, "--filter", "type=image"));

        // the legacy filter format, over HTTP
        String legacy = URLEncoder.encode("{\"type\":[\"volume\"],\"event\":[\"destroy\"]}", StandardCharsets.UTF_8);
        List<String> body = lines(daemon.curl("http://docker/events?since=" + unix(t0) + "&until=" + unix(t1)
                + "&filters=" + legacy).stdout());
        assertEquals(1, body.size(), body.toString());
        assertEquals("{\"Type\":\"volume\",\"Action\":\"destroy\",\"Actor\":{\"ID\":\"ev-vol\",\"Attributes\":"
                + "{\"driver\":\"local\"}},\"scope\":\"local\",\"time\"", body.get(0).substring(0, body.get(0)
                        .indexOf("\"time\"") + 6));
    }

    @Test
    void imageTagUntagLoadAndDelete() throws Exception {
        TestImages.Built other = TestImages.dockerArchive(work, "events-other", List.of("ev-other:1"), Map.of());
        Instant t0 = Instant.now();
        daemon.docker("tag", "busybox", "ev/tagged:1").assertSuccess();
        daemon.docker("rmi", "ev/tagged:1").assertSuccess();
        daemon.docker("load", "-q", "-i", other.archive().toString()).assertSuccess();
        daemon.docker("rmi", "ev-other:1").assertSuccess();
        Instant t1 = Instant.now();
        String f = "{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}} {{.Status}} {{.ID}}";
        String b = busyboxId;
        String o = other.id();
        assertEquals(List.of(
                "image tag " + b + " ev/tagged:1 tag " + b,
                "image untag " + b + " " + b + " untag " + b,
                "image load " + o + " " + o + " load " + o,
                "image untag " + o + " " + o + " untag " + o,
                "image delete " + o + " " + o + " delete " + o), events(t0, t1, "--format", f));
        // as dockerd, untag, delete and load name the image by its ID: an ID filter finds them
        assertEquals(List.of("image load", "image untag", "image delete"),
                events(t0, t1, "--format", "{{.Type}} {{.Action}}", "--filter", "image=" + o));
        assertEquals(List.of("image tag"),
                events(t0, t1, "--format", "{{.Type}} {{.Action}}", "--filter", "image=ev/tagged"));
    }

    @Test
    void errorsAndAnUntilInTheFutureEndTheStream() throws Exception {
        UnixHttp.Reply backwards = daemon.http().get("/events?since=5&until=3");
        assertEquals(400, backwards.status());
        assertEquals("{\"message\":\"`since` time (5) cannot be after `until` time (3)\"}", backwards.body().trim());
        UnixHttp.Reply bad = daemon.http().get("/events?since=abc");
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("strconv.ParseInt: parsing \\\"abc\\\": invalid syntax"), bad.body());

        long start = System.nanoTime();
        Instant until = Instant.now().plusMillis(1500);
        ProcessBuilder events = daemon.cli().process("docker", "events", "--since", unix(Instant.now()), "--until",
                unix(until), "--format", LINE)
                .redirectErrorStream(true).redirectOutput(work.resolve("until.out").toFile());
        Process live = events.start();
        live.getOutputStream().close();
        try {
            Thread.sleep(500);
            daemon.docker("volume", "create", "ev-live").assertSuccess();
            daemon.docker("volume", "rm", "ev-live").assertSuccess();
            assertTrue(live.waitFor(10, TimeUnit.SECONDS), "the stream ends at until");
        } finally {
            live.destroyForcibly();
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms >= 1200 && ms < 8000, "ended after " + ms + " ms");
        assertEquals(List.of("volume create {\"driver\":\"local\"}", "volume destroy {\"driver\":\"local\"}"),
                lines(Files.readString(work.resolve("until.out"))));
    }

    /** A raw {@code GET /events} client on its own connection, counting the events it reads. */
    private static final class Subscriber implements Closeable {
        private final SocketChannel channel;
        private final Thread reader;
        final AtomicInteger events = new AtomicInteger();

        Subscriber(Path socket, String filters) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            String request = "GET /v1.43/events?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8)
                    + " HTTP/1.1\r\nHost: docker\r\n\r\n";
            Channels.newOutputStream(channel).write(request.getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            reader = new Thread(() -> {
                try {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.contains("\"Action\"")) {
                            events.incrementAndGet();
                        }
                    }
                } catch (IOException closed) {
                    // the test closed the connection
                }
            }, "events-subscriber");
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public void close() throws IOException {
            channel.close();
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int daemonThreads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + daemon.pid() + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring(8).trim());
            }
        }
        throw new AssertionError("no thread count for the daemon");
    }

    private static int threadsWithSubscribers;

    /** 50 subscribers follow 3 churning containers, then all go; returns the events each one saw. */
    private static List<Integer> churnWithSubscribers(String name) throws Exception {
        List<Subscriber> subscribers = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                subscribers.add(new Subscriber(daemon.socket, "{\"type\":{\"container\":true},\"container\":{\""
                        + name + "\":true}}"));
            }
            Thread.sleep(1500); // every request reached the daemon and subscribed
            for (int i = 0; i < 3; i++) {
                daemon.docker("run", "--rm", "--name", name + i, "busybox", "true").assertSuccess();
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline
                    && subscribers.stream().anyMatch(s -> s.events.get() < 15)) {
                Thread.sleep(100);
            }
            threadsWithSubscribers = daemonThreads();
            return subscribers.stream().map(s -> s.events.get()).toList();
        } finally {
            for (Subscriber s : subscribers) {
                s.close();
            }
        }
    }

    private static int settledThreads(int atMost) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        int threads = daemonThreads();
        while (threads > atMost && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            threads = daemonThreads();
        }
        return threads;
    }

    @Test
    void fiftySubscribersWhileContainersChurnThenAllLeaveWithoutLeaks() throws Exception {
        // A first round grows the HTTP thread pool to what 50 streams need (Jetty keeps idle threads
        // for a while); the second round must reuse them and leave nothing behind.
        List<Integer> warm = churnWithSubscribers("ev-warm");
        assertEquals(List.of(15), warm.stream().distinct().toList(), "each saw create, attach, start, die, destroy x3");
        Thread.sleep(4000); // disconnects noticed at the next heartbeat, delivery threads idle out
        int before = daemonThreads();
        long rssBefore = rssKb();

        long start = System.nanoTime();
        List<Integer> seen = churnWithSubscribers("ev-churn");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(List.of(15), seen.stream().distinct().toList(), "every subscriber saw every event");
        int during = threadsWithSubscribers;

        int after = settledThreads(before + 2);
        System.out.printf("events: 50 subscribers x 3 runs in %d ms; daemon threads %d before, %d with them, %d "
                + "after they left; RSS %d -> %d kB%n", ms, before, during, after, rssBefore, rssKb());
        assertTrue(after <= before + 2, "threads before " + before + ", during " + during + ", after " + after);
        // the daemon still serves a new subscriber afterwards
        Instant t0 = Instant.now();
        daemon.docker("volume", "create", "ev-after").assertSuccess();
        daemon.docker("volume", "rm", "ev-after").assertSuccess();
        assertEquals(2, events(t0, Instant.now(), "--filter", "type=volume").size());
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + daemon.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    @Test
    void aSubscriberThatStopsReadingIsDroppedWhileOthersGetEverything() throws Exception {
        String filter = "{\"type\":{\"volume\":true},\"volume\":{\"ev-lag\":true}}";
        try (SocketChannel stuck = SocketChannel.open(StandardProtocolFamily.UNIX);
                Subscriber healthy = new Subscriber(daemon.socket, filter)) {
            stuck.connect(UnixDomainSocketAddress.of(daemon.socket));
            Channels.newOutputStream(stuck).write(("GET /events?filters="
                    + URLEncoder.encode(filter, StandardCharsets.UTF_8) + " HTTP/1.1\r\nHost: docker\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(500);
            UnixHttp http = daemon.http();
            int pairs = 1200;
            long start = System.nanoTime();
            for (int i = 0; i < pairs; i++) {
                assertEquals(201, http.send("POST", "/volumes/create", "{\"Name\":\"ev-lag" + i + "\"}").status());
                assertEquals(204, http.send("DELETE", "/volumes/ev-lag" + i, null).status());
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            long deadline = System.currentTimeMillis() + 10_000;
            while (healthy.events.get() < 2 * pairs && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(2 * pairs, healthy.events.get(), "the reading subscriber got every event");
            assertTrue(daemon.logText().contains("events subscriber dropped: it fell"), "the drop is logged");
            // the daemon closed the stuck client's connection: reading it now ends
            stuck.configureBlocking(true);
            var in = Channels.newInputStream(stuck);
            byte[] buffer = new byte[64 * 1024];
            long readDeadline = System.currentTimeMillis() + 10_000;
            int n = 0;
            while (n >= 0 && System.currentTimeMillis() < readDeadline) {
                n = in.read(buffer);
            }
            assertEquals(-1, n, "the stuck connection was closed");
            System.out.printf("events: %d volume events published in %d ms with one stuck subscriber%n", 2 * pairs, ms);
        }
    }

    @Test
    void importSaveAndPruneEvents() throws Exception {
        Path rootfs = Files.write(work.resolve("ev-rootfs.tar"), TestImages.rootfsLayer("events-import"));
        Instant t0 = Instant.now();
        String tagged = daemon.docker("import", rootfs.toString(), "ev-imp:1").assertSuccess().stdout().trim();
        daemon.docker("save", "-o", work.resolve("ev-save.tar").toString(), "ev-imp:1").assertSuccess();
        daemon.docker("rmi", "ev-imp:1").assertSuccess();
        String dangling = daemon.docker("import", rootfs.toString()).assertSuccess().stdout().trim();
        daemon.docker("image", "prune", "-f").assertSuccess();
        Instant t1 = Instant.now();
        String f = "{{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}";
        // as dockerd 20.10: import tags first; save, untag and delete name the image by its ID;
        // prune ends with its own event carrying the bytes freed
        assertEquals(List.of(
                "tag " + tagged + " ev-imp:1",
                "import " + tagged + " " + tagged,
                "save " + tagged + " " + tagged,
                "untag " + tagged + " " + tagged,
                "delete " + tagged + " " + tagged,
                "import " + dangling + " " + dangling,
                "delete " + dangling + " " + dangling), events(t0, t1, "--format", f, "--filter", "type=image",
                        "--filter", "event=tag", "--filter", "event=import", "--filter", "event=save",
                        "--filter", "event=untag", "--filter", "event=delete"));
        List<String> prune = events(t0, t1, "--format", "{{.Type}} {{.Action}} {{json .Actor}}", "--filter",
                "event=prune");
        assertEquals(1, prune.size(), prune.toString());
        assertTrue(prune.get(0).matches("image prune \\{\"ID\":\"\",\"Attributes\":\\{\"reclaimed\":\"\\d+\"}}"),
                prune.get(0));
    }
}
