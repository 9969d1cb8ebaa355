package io.linnet.itests;

import static io.linnet.itests.Commands.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Volumes as a Docker user handles them, with the real docker CLI against linnetd. */
@WithLinnet(busybox = false)
class VolumesEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RFC3339 = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)";
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    private static JsonNode inspect(LinnetDaemon d, String name) throws Exception {
        JsonNode all = JSON.readTree(d.docker("volume", "inspect", name).assertSuccess().stdout());
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    private static Path volumesRoot(LinnetDaemon d) throws Exception {
        return d.dataRoot.resolve("volumes").toRealPath();
    }

    @Test
    void createInspectAndRemoveAsDockerdDoes() throws Exception {
        assertEquals("e2e-named", daemon.docker("volume", "create", "--label", "tier=web", "--label", "flag",
                "e2e-named").assertSuccess().stdout().trim());
        JsonNode v = inspect(daemon, "e2e-named");
        assertEquals("e2e-named", v.path("Name").asText());
        assertEquals("local", v.path("Driver").asText());
        assertEquals("local", v.path("Scope").asText());
        assertEquals(volumesRoot(daemon).resolve("e2e-named/_data").toString(), v.path("Mountpoint").asText());
        assertTrue(v.path("CreatedAt").asText().matches(RFC3339), v.toString());
        assertEquals(Map.of("tier", "web", "flag", ""), JSON.convertValue(v.path("Labels"), Map.class));
        assertTrue(v.has("Options") && v.get("Options").isNull(), v.toString());
        assertFalse(v.has("UsageData"), v.toString());
        assertFalse(v.has("Status"), v.toString());
        assertTrue(Files.isDirectory(volumesRoot(daemon).resolve("e2e-named/_data")));
        assertTrue(Files.isRegularFile(volumesRoot(daemon).resolve("e2e-named/volume.json")));

        // Creating it again answers the same volume, as dockerd does.
        assertEquals("e2e-named", daemon.docker("volume", "create", "e2e-named").assertSuccess().stdout().trim());
        assertEquals(v.path("CreatedAt"), inspect(daemon, "e2e-named").path("CreatedAt"));

        // A generated name: 64 hex digits, marked anonymous as dockerd marks it.
        String generated = daemon.docker("volume", "create").assertSuccess().stdout().trim();
        assertTrue(generated.matches("[0-9a-f]{64}"), generated);
        JsonNode anon = inspect(daemon, generated);
        assertTrue(anon.path("Labels").has("com.docker.volume.anonymous"), anon.toString());

        daemon.docker("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=10m", "e2e-tmpfs")
                .assertSuccess();
        assertEquals(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=10m"),
                JSON.convertValue(inspect(daemon, "e2e-tmpfs").path("Options"), Map.class));
        Commands.Result badOpt = daemon.docker("volume", "create", "-o", "foo=bar", "e2e-badopt");
        assertNotEquals(0, badOpt.exitCode());
        assertTrue(badOpt.stderr().contains("create e2e-badopt: invalid option: \"foo\""), badOpt.stderr());
        Commands.Result badDriver = daemon.docker("volume", "create", "-d", "nope", "e2e-baddriver");
        assertNotEquals(0, badDriver.exitCode());
        assertTrue(badDriver.stderr().contains(
                "create e2e-baddriver: error looking up volume plugin nope: plugin \"nope\" not found"),
                badDriver.stderr());

        daemon.docker("volume", "rm", "e2e-named", generated, "e2e-tmpfs").assertSuccess();
        assertFalse(Files.exists(volumesRoot(daemon).resolve("e2e-named")));
        Commands.Result unknown = daemon.docker("volume", "rm", "e2e-named");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.stderr().contains("Error response from daemon: get e2e-named: no such volume"),
                unknown.stderr());
        daemon.docker("volume", "rm", "-f", "e2e-named").assertSuccess();
        Commands.Result inspectUnknown = daemon.docker("volume", "inspect", "e2e-named");
        assertNotEquals(0, inspectUnknown.exitCode());
        assertTrue(inspectUnknown.stderr().contains("no such volume"), inspectUnknown.stderr());
    }

    @Test
    void listFiltersAndFormat() throws Exception {
        daemon.docker("volume", "create", "--label", "suite=ls", "--label", "color=red", "ls-red").assertSuccess();
        daemon.docker("volume", "create", "--label", "suite=ls", "--label", "color=blue", "ls-blue").assertSuccess();
        daemon.docker("volume", "create", "ls-plain").assertSuccess();
        try {
            assertEquals(List.of("ls-blue", "ls-plain", "ls-red"), lines(daemon.docker("volume", "ls", "-q",
                    "--filter", "name=ls-").assertSuccess().stdout()).stream().sorted().toList());
            assertEquals(List.of("ls-red"), lines(daemon.docker("volume", "ls", "-q", "--filter", "label=color=red")
                    .assertSuccess().stdout()));
            assertEquals(List.of("ls-blue", "ls-red"), lines(daemon.docker("volume", "ls", "-q", "--filter",
                    "label=suite").assertSuccess().stdout()).stream().sorted().toList());
            // No container uses volumes yet: every one is dangling.
            assertTrue(lines(daemon.docker("volume", "ls", "-q", "--filter", "dangling=true").assertSuccess().stdout())
                    .containsAll(List.of("ls-blue", "ls-plain", "ls-red")));
            assertEquals(List.of(), lines(daemon.docker("volume", "ls", "-q", "--filter", "dangling=false")
                    .assertSuccess().stdout()));
            assertEquals(List.of("local ls-red " + volumesRoot(daemon).resolve("ls-red/_data")),
                    lines(daemon.docker("volume", "ls", "--filter", "name=ls-red", "--format",
                            "{{.Driver}} {{.Name}} {{.Mountpoint}}").assertSuccess().stdout()));
            String table = daemon.docker("volume", "ls", "--filter", "name=ls-plain").assertSuccess().stdout();
            assertTrue(table.startsWith("DRIVER") && table.contains("local     ls-plain"), table);
            Commands.Result bad = daemon.docker("volume", "ls", "--filter", "nonsense=1");
            assertNotEquals(0, bad.exitCode());
            assertTrue(bad.stderr().contains("invalid filter 'nonsense'"), bad.stderr());
        } finally {
            daemon.docker("volume", "rm", "-f", "ls-red", "ls-blue", "ls-plain");
        }
    }

    @Test
    void pruneTakesAnonymousVolumesUnlessAll() throws Exception {
        String anon = daemon.docker("volume", "create", "--label", "suite=prune").assertSuccess().stdout().trim();
        daemon.docker("volume", "create", "--label", "suite=prune", "prune-named").assertSuccess();
        daemon.docker("volume", "create", "--label", "suite=prune", "--label", "keep", "prune-kept").assertSuccess();
        daemon.docker("volume", "create", "--label", "suite=prune", "-o", "type=tmpfs", "-o", "device=tmpfs",
                "prune-mounted").assertSuccess();
        Path data = volumesRoot(daemon).resolve(anon).resolve("_data");
        Files.write(data.resolve("blob"), new byte[4096]);
        Files.createSymbolicLink(data.resolve("link"), Path.of("/etc/hostname"));
        try {
            String pruned = daemon.docker("volume", "prune", "-f", "--filter", "label=suite=prune")
                    .assertSuccess().stdout();
            assertTrue(pruned.contains(anon), pruned);
            assertFalse(pruned.contains("prune-named"), pruned);
            assertTrue(pruned.contains("Total reclaimed space: 4.109kB"), pruned); // 4096 + the link's 13 bytes
            assertTrue(Files.exists(Path.of("/etc/hostname")));

            String all = daemon.docker("volume", "prune", "-f", "--all", "--filter", "label=suite=prune",
                    "--filter", "label!=keep").assertSuccess().stdout();
            assertTrue(all.contains("prune-named"), all);
            assertFalse(all.contains("prune-kept"), all);
            // Volumes with mount options are never pruned (their data is not on our disk), as dockerd.
            assertFalse(all.contains("prune-mounted"), all);
            assertEquals(List.of("prune-kept", "prune-mounted"), lines(daemon.docker("volume", "ls", "-q", "--filter",
                    "label=suite=prune").assertSuccess().stdout()).stream().sorted().toList());
        } finally {
            daemon.docker("volume", "rm", "-f", anon, "prune-named", "prune-kept", "prune-mounted");
        }
    }

    @Test
    void hostileNamesAreRefusedAndTouchNothing() throws Exception {
        Set<String> before = tree(daemon.root);
        for (String name : List.of("../x", "..", "/tmp/linnet-e2e-evil", "a/../../x", "x/y", "_x")) {
            Commands.Result r = daemon.docker("volume", "create", name);
            assertNotEquals(0, r.exitCode(), name);
            assertTrue(r.stderr().contains("\"" + name + "\" includes invalid characters for a local volume name, "
                    + "only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, "
                    + "use absolute path"), r.stderr());
        }
        Commands.Result shortName = daemon.docker("volume", "create", "x");
        assertTrue(shortName.stderr().contains("create x: volume name is too short, names should be at least two "
                + "alphanumeric characters"), shortName.stderr());
        // The API refuses them too when sent raw, and removal of such names deletes nothing.
        Commands.Result raw = daemon.curl("-o", "/dev/null", "-w", "%{http_code}", "-XPOST", "-H",
                "Content-Type: application/json", "-d", "{\"Name\":\"../../x\"}", "http://d/volumes/create");
        assertEquals("400", raw.stdout().trim());
        // Jetty refuses ambiguous paths itself (400); names that reach the engine are unknown (404).
        for (String path : List.of("/volumes/..%2F..%2Fdata", "/volumes/..", "/volumes/%2E%2E", "/volumes/data%2F..")) {
            Commands.Result rm = daemon.curl("--path-as-is", "-o", "/dev/null", "-w", "%{http_code}", "-XDELETE",
                    "http://d" + path);
            assertTrue(Set.of("400", "404").contains(rm.stdout().trim()), path + ": " + rm.stdout());
        }
        assertFalse(Files.exists(Path.of("/tmp/linnet-e2e-evil")));
        assertEquals(before, tree(daemon.root));
    }

    /** Every path under the root, except the daemon's log (it grows). */
    private static Set<String> tree(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.map(p -> root.relativize(p).toString())
                    .filter(p -> !p.equals("linnetd.log") && !p.startsWith("exec") && !p.startsWith("data/containerd")
                            && !p.startsWith("docker-config"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        Commands.Result r = daemon.curl("-w", "\n%{http_code}", "-XPOST", "-H", "Content-Type: application/json",
                "-d", "{bad", "http://d/volumes/create");
        List<String> out = lines(r.stdout());
        assertEquals("400", out.get(out.size() - 1), r.stdout());
        assertTrue(out.get(0).startsWith("{\"message\":\"invalid JSON: "), r.stdout());
        Commands.Result list = daemon.curl("http://d/v1.43/volumes?filters=%7B%7D");
        JsonNode body = JSON.readTree(list.stdout());
        assertTrue(body.path("Volumes").isArray(), list.stdout());
        assertTrue(body.has("Warnings") && body.get("Warnings").isNull(), list.stdout());
    }

    @Test
    void volumesSurviveARestart() throws Exception {
        LinnetDaemon first = LinnetDaemon.start();
        Path root = first.root;
        JsonNode created;
        try {
            first.docker("volume", "create", "--label", "a=b", "-o", "type=tmpfs", "-o", "device=tmpfs",
                    "kept-opts").assertSuccess();
            first.docker("volume", "create", "kept-data").assertSuccess();
            Files.writeString(volumesRoot(first).resolve("kept-data/_data/hello.txt"), "hello");
            created = inspect(first, "kept-opts");
        } finally {
            assertEquals(0, first.terminate(), first.logText());
        }
        try (LinnetDaemon second = LinnetDaemon.startIn(root)) {
            assertEquals(created, inspect(second, "kept-opts"));
            assertEquals("hello", Files.readString(volumesRoot(second).resolve("kept-data/_data/hello.txt")));
            assertEquals(List.of("kept-data", "kept-opts"), lines(second.docker("volume", "ls", "-q")
                    .assertSuccess().stdout()).stream().sorted().toList());
            second.docker("volume", "rm", "kept-opts", "kept-data").assertSuccess();
        }
    }
}
