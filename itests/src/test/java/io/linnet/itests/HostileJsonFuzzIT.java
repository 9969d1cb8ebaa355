package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.itests.HostileRequests.Reply;
import io.linnet.itests.HostileRequests.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A bounded fuzz pass over the JSON routes of the assembled daemon: random JSON documents built
 * from each route's own field names, and byte-level mutations of its valid body. Whatever comes,
 * the answer is never a 5xx, a refusal is Docker's {@code {"message"}}, text that is not JSON is a
 * 400, and the daemon goes on answering. 300 tries; it ends by itself.
 */
class HostileJsonFuzzIT {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String[]> ROUTES = List.of(
            new String[] {"POST", "/containers/create?name={fresh}",
                "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"Labels\":{\"a\":\"b\"},\"HostConfig\":{\"Memory\":0}}"},
            new String[] {"POST", "/containers/{container}/update", "{\"CpuShares\":512,\"RestartPolicy\":{\"Name\":\"no\"}}"},
            new String[] {"POST", "/containers/{running}/exec", "{\"Cmd\":[\"true\"],\"Env\":[\"A=b\"],\"User\":\"\"}"},
            new String[] {"POST", "/exec/{exec}/start", "{\"Detach\":true,\"Tty\":false}"},
            new String[] {"POST", "/networks/create", "{\"Name\":\"{fresh}\",\"Labels\":{\"a\":\"b\"},\"IPAM\":{\"Config\":[]}}"},
            new String[] {"POST", "/networks/{network}/connect", "{\"Container\":\"{container}\"}"},
            new String[] {"POST", "/networks/{network}/disconnect", "{\"Container\":\"{container}\",\"Force\":true}"},
            new String[] {"POST", "/volumes/create", "{\"Name\":\"{fresh}\",\"Labels\":{\"a\":\"b\"}}"},
            new String[] {"POST", "/commit?container={container}", "{\"Cmd\":[\"sh\"]}"});
    private static final List<String> KEYS = List.of("Image", "Cmd", "Entrypoint", "Env", "Labels", "HostConfig", "Binds",
            "Memory", "CpuShares", "RestartPolicy", "Name", "Detach", "Tty", "Container", "EndpointConfig", "Aliases",
            "IPAM", "Config", "Subnet", "Driver", "DriverOpts", "Options", "Force", "User", "WorkingDir", "Privileged",
            "PortBindings", "ExposedPorts", "Mounts", "Volumes", "NetworkingConfig", "ConsoleSize", "x", "");

    private static LinnetDaemon daemon;
    private static Target unix;
    private static Path work;
    private static final Map<String, String> objects = new java.util.LinkedHashMap<>();
    private static final AtomicInteger fresh = new AtomicInteger();
    private static final Map<Integer, Integer> statuses = new java.util.TreeMap<>();

    @BeforeContainer
    static void start() throws Exception {
        daemon = LinnetDaemon.start();
        unix = Target.unix(daemon.socket);
        work = Files.createTempDirectory("linnet-fuzz-work-");
        daemon.loadBusybox(work, "fuzz");
        objects.put("container", daemon.docker("create", "--name", "fuzz-c", "busybox", "sleep", "600")
                .assertSuccess().stdout().trim());
        objects.put("running", daemon.docker("run", "-d", "--name", "fuzz-r", "busybox", "sleep", "600")
                .assertSuccess().stdout().trim());
        objects.put("network", daemon.docker("network", "create", "fuzz-net").assertSuccess().stdout().trim());
        Reply exec = HostileRequests.json(unix, "POST", "/containers/fuzz-r/exec", "{\"Cmd\":[\"true\"]}");
        objects.put("exec", exec.json().path("Id").asText());
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            System.out.println("fuzz outcomes (status=count): " + statuses);
            if (daemon != null) {
                System.out.println("daemon RSS after the fuzz pass: " + HostileRequests.rssMiB(daemon.pid()) + " MiB");
                daemon.removeAllContainers();
            }
        } finally {
            if (daemon != null) {
                daemon.close();
            }
            if (work != null) {
                Commands.run("rm", "-rf", work.toString());
            }
        }
    }

    record Case(String[] route, String body, boolean mutated) {
        @Override
        public String toString() {
            return route[0] + " " + route[1] + " " + body;
        }
    }

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED, afterFailure = net.jqwik.api.AfterFailureMode.RANDOM_SEED)
    void aJsonRouteNeverFailsWithAFiveHundred(@ForAll("cases") Case c) throws Exception {
        String path = fill(c.route()[1]);
        Reply r = HostileRequests.json(unix, c.route()[0], path, c.body());
        synchronized (statuses) {
            statuses.merge(r.status(), 1, Integer::sum);
        }
        String what = c.route()[0] + " " + path + " " + c.body();
        HostileRequests.assertDockerRefusalOrSuccess(r, what);
        if (c.mutated() && !isJson(c.body())) {
            assertEquals(400, r.status(), what + " -> " + r);
        }
        Reply ping = HostileRequests.send(unix, "GET", "/_ping", Map.of(), null);
        assertEquals(200, ping.status(), "no answer after " + what);
        assertTrue(r.status() < 300 || r.status() >= 400, what + " -> " + r);
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String[]> route = Arbitraries.of(ROUTES);
        Arbitrary<Case> documents = Combinators.combine(route, json(4)).as((r, doc) -> new Case(r, doc.toString(), false));
        Arbitrary<Case> mutations = Combinators.combine(route, Arbitraries.integers().between(0, 1 << 20),
                Arbitraries.integers().between(1, 4)).as((r, seed, count) -> new Case(r, mutate(fill(r[2]), seed, count), true));
        return Arbitraries.oneOf(documents, mutations);
    }

    /** A JSON value of at most {@code depth} levels, objects keyed mostly by Docker's field names. */
    private static Arbitrary<JsonNode> json(int depth) {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(s -> (JsonNode) NODES.textNode(s)),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(5).map(s -> (JsonNode) NODES.textNode(s)),
                Arbitraries.of("busybox", "/", "../x", "host", "none", "container:fuzz-c", "/etc:/host", "always", "0",
                        "-1", "tcp", "80/tcp", "a=b").map(s -> (JsonNode) NODES.textNode(s)),
                Arbitraries.longs().map(n -> (JsonNode) NODES.numberNode(n)),
                Arbitraries.doubles().map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b)),
                Arbitraries.just((JsonNode) NODES.nullNode()));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<JsonNode> inner = Arbitraries.lazy(() -> json(depth - 1));
        Arbitrary<JsonNode> array = inner.list().ofMaxSize(4).map(items -> {
            var a = NODES.arrayNode();
            items.forEach(a::add);
            return (JsonNode) a;
        });
        Arbitrary<JsonNode> object = Combinators.combine(Arbitraries.of(KEYS), inner).as(Map::entry).list().ofMaxSize(5)
                .map(entries -> {
                    ObjectNode o = NODES.objectNode();
                    entries.forEach(e -> o.set(e.getKey(), e.getValue()));
                    return (JsonNode) o;
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, scalar), net.jqwik.api.Tuple.of(2, array),
                net.jqwik.api.Tuple.of(5, object));
    }

    /** {@code count} random edits (delete, duplicate, replace with a JSON-significant character). */
    private static String mutate(String text, int seed, int count) {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder b = new StringBuilder(text);
        String significant = "{}[]\":,\\ \u0000tfn0-.e";
        for (int i = 0; i < count && b.length() > 0; i++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(3)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, b.charAt(at));
                default -> b.setCharAt(at, significant.charAt(random.nextInt(significant.length())));
            }
        }
        return b.toString();
    }

    private static boolean isJson(String text) {
        try (var parser = HostileRequests.JSON.createParser(text.getBytes(StandardCharsets.UTF_8))) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String fill(String template) {
        String s = template;
        for (Map.Entry<String, String> e : objects.entrySet()) {
            s = s.replace("{" + e.getKey() + "}", e.getValue());
        }
        while (s.contains("{fresh}")) {
            s = s.replaceFirst("\\{fresh}", "fuzz-fresh-" + fresh.incrementAndGet());
        }
        return s;
    }
}
