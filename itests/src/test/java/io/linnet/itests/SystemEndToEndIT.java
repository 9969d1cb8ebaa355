package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The foundation as a user meets it: the assembled linnetd with its managed containerd, driven by
 * the real docker CLI and curl over the UNIX socket.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithLinnet(busybox = false)
class SystemEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        System.out.println("linnetd: first /_ping answered " + daemon.millisToFirstPing() + " ms after start");
    }

    /**
     * Loose bounds that catch a footprint regression on a loaded 2-core CI machine; the figures
     * themselves (about 3-5 s and 150 MiB today) come from scripts/bench-footprint.sh.
     */
    @Test
    @Order(0)
    void startsPromptlyAndStaysSmallWhenIdle() throws Exception {
        assertTrue(daemon.millisToFirstPing() < 30_000,
                "first /_ping " + daemon.millisToFirstPing() + " ms after start");
        String status = Files.readString(Path.of("/proc", Long.toString(daemon.pid()), "status"));
        Matcher rss = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB").matcher(status);
        assertTrue(rss.find(), status);
        long mib = Long.parseLong(rss.group(1)) / 1024;
        assertTrue(mib < 300, "daemon RSS idle after start " + mib + " MiB");
    }

    @Test
    @Order(1)
    void dockerVersionShowsTheServerAndRealRuntimeVersions() throws Exception {
        String plain = daemon.docker("version").assertSuccess().stdout();
        assertTrue(plain.contains("Server: Linnet Engine"), plain);
        assertTrue(plain.contains("API version:      1.43"), plain);

        JsonNode server = JSON.readTree(daemon.docker("version", "--format", "{{json .Server}}")
                .assertSuccess().stdout());
        assertEquals("1.43", server.path("ApiVersion").asText());
        assertEquals("1.24", server.path("MinAPIVersion").asText());
        assertEquals("linux", server.path("Os").asText());
        assertEquals("amd64".equals(System.getProperty("os.arch")) ? "amd64" : System.getProperty("os.arch"),
                server.path("Arch").asText());
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim(),
                server.path("KernelVersion").asText());
        List<String> names = new ArrayList<>();
        server.path("Components").forEach(c -> names.add(c.path("Name").asText()));
        assertTrue(names.containsAll(List.of("Engine", "containerd", "runc")), names.toString());
        assertEquals(installedVersion("containerd", "--version"), component(server, "containerd"));
        assertEquals(installedVersion("runc", "--version"), component(server, "runc"));
    }

    @Test
    @Order(2)
    void dockerInfoShowsRealFigures() throws Exception {
        String plain = daemon.docker("info").assertSuccess().stdout();
        assertTrue(plain.contains("Server Version:"), plain);
        assertFalse(plain.contains("ERROR"), plain);

        JsonNode info = JSON.readTree(daemon.docker("info", "--format", "{{json .}}").assertSuccess().stdout());
        assertEquals(Runtime.getRuntime().availableProcessors(), info.path("NCPU").asInt());
        assertEquals(memTotalBytes(), info.path("MemTotal").asLong());
        assertEquals("linux", info.path("OSType").asText());
        assertEquals(Commands.run("uname", "-m").stdout().trim(), info.path("Architecture").asText());
        assertEquals(Commands.run("uname", "-r").stdout().trim(), info.path("KernelVersion").asText());
        assertEquals(daemon.dataRoot.toString(), info.path("DockerRootDir").asText());
        assertEquals(0, info.path("Containers").asInt());
        assertEquals(0, info.path("Images").asInt());
        assertEquals("runc", info.path("DefaultRuntime").asText());
        assertEquals(Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1",
                info.path("CgroupVersion").asText());
        assertFalse(info.path("ID").asText().isEmpty());
        assertEquals("inactive", info.path("Swarm").path("LocalNodeState").asText());
        assertTrue(info.path("OperatingSystem").asText().length() > 0);
    }

    @Test
    @Order(3)
    void pingHeadersLetClientsNegotiate() throws Exception {
        String head = daemon.curl("-i", "http://docker/_ping").assertSuccess().stdout();
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        assertHeader(head, "Api-Version", "1.43");
        assertHeader(head, "Ostype", "linux");
        assertHeader(head, "Docker-Experimental", "false");
        assertHeader(head, "Builder-Version", "1");
        assertHeader(head, "Cache-Control", "no-cache, no-store, must-revalidate");
        assertHeader(head, "Pragma", "no-cache");
        assertTrue(head.endsWith("\r\n\r\nOK"), head);

        String headOnly = daemon.curl("-I", "http://docker/_ping").assertSuccess().stdout();
        assertTrue(headOnly.startsWith("HTTP/1.1 200"), headOnly);
        assertHeader(headOnly, "Api-Version", "1.43");
    }

    @Test
    @Order(4)
    void versionPrefixesAreHonouredAndBounded() throws Exception {
        assertEquals("OK", daemon.curl("http://docker/v1.43/_ping").assertSuccess().stdout());
        assertEquals("200", status("/v1.24/version"));
        assertEquals("200", status("/v1.40/info"));

        assertEquals("400", status("/v1.44/version"));
        assertEquals("{\"message\":\"client version 1.44 is too new. Maximum supported API version is 1.43\"}",
                daemon.curl("http://docker/v1.44/version").stdout().trim());
        assertEquals("400", status("/v1.12/version"));
        assertTrue(daemon.curl("http://docker/v1.12/version").stdout()
                .contains("client version 1.12 is too old. Minimum supported API version is 1.24"));
    }

    @Test
    @Order(5)
    void unknownRoutesAndSwarmRoutesAnswerAsDockerd() throws Exception {
        assertEquals("404", status("/no/such/route"));
        assertEquals("{\"message\":\"page not found\"}", daemon.curl("http://docker/no/such/route").stdout().trim());
        assertEquals("404", status("/v1.43/no/such/route"));
        // A known route with another method is "page not found" too, as dockerd's router answers.
        assertEquals("{\"message\":\"page not found\"}\n404",
                daemon.curl("-X", "PUT", "-w", "\n%{http_code}", "http://docker/_ping").stdout().trim());

        Commands.Result leave = daemon.curl("-X", "POST", "-w", "\n%{http_code}", "http://docker/v1.43/swarm/leave");
        assertEquals("{\"message\":\"This node is not part of a swarm\"}\n503", leave.stdout().trim());
        assertEquals("503", status("/v1.43/swarm"));
        assertEquals("[]", daemon.curl("http://docker/v1.43/plugins").stdout().trim());
        // The CLI's own probes behave: no swarm, no plugins.
        daemon.docker("plugin", "ls").assertSuccess();
        Commands.Result nodes = daemon.docker("node", "ls");
        assertEquals(1, nodes.exitCode());
        assertTrue(nodes.stderr().contains("This node is not a swarm manager"), nodes.stderr());
    }

    @Test
    @Order(6)
    void sigtermStopsCleanly() throws Exception {
        List<ProcessHandle> children = daemon.descendants();
        assertTrue(children.stream().anyMatch(p -> p.info().command().orElse("").endsWith("containerd")),
                "a managed containerd runs under the daemon");
        assertTrue(Files.exists(daemon.pidFile));
        assertEquals(0, daemon.terminate(), daemon.logText());
        assertFalse(Files.exists(daemon.socket), "socket removed");
        assertFalse(Files.exists(daemon.pidFile), "pid file removed");
        for (ProcessHandle child : children) {
            child.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(7)
    void plainTcpIsRefusedOffLoopbackAndServedOnIt() throws Exception {
        Path home = Path.of(System.getProperty("linnet.distribution", "../distribution/target/linnet"));
        Commands.Result refused = Commands.run(home.resolve("bin/linnetd").toString(), "-H", "tcp://0.0.0.0:2375",
                "--config-file", "/dev/null");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.stderr().contains("refusing to listen on tcp://0.0.0.0:2375 without TLS"), refused.stderr());

        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (LinnetDaemon both = LinnetDaemon.start("-H", "tcp://127.0.0.1:" + port)) {
            Commands.Result version = Commands.run(java.util.Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + port),
                    List.of("docker", "version", "--format", "{{.Server.APIVersion}}")).assertSuccess();
            assertEquals("1.43", version.stdout().trim());
            // docker info warns as dockerd does about an unencrypted TCP listener
            Commands.Result warnings = Commands.run(java.util.Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + port),
                    List.of("docker", "info", "--format", "{{json .Warnings}}")).assertSuccess();
            assertTrue(warnings.stdout().contains("WARNING: API is accessible on http://127.0.0.1:" + port
                    + " without encryption."), warnings.stdout());
        }
    }

    private static String status(String path) throws Exception {
        return daemon.curl("-o", "/dev/null", "-w", "%{http_code}", "http://docker" + path).stdout().trim();
    }

    private static void assertHeader(String response, String name, String value) {
        Matcher m = Pattern.compile("(?imd)^" + Pattern.quote(name) + ": (.*)\r$").matcher(response);
        assertTrue(m.find(), "header " + name + " missing in\n" + response);
        assertEquals(value, m.group(1));
    }

    private static String component(JsonNode server, String name) {
        for (JsonNode c : server.path("Components")) {
            if (name.equals(c.path("Name").asText())) {
                return c.path("Version").asText();
            }
        }
        return null;
    }

    /** The version a runtime binary reports of itself ("containerd ... 1.6.20~ds1 ...", "runc version 1.1.5+ds1"). */
    private static String installedVersion(String binary, String flag) throws Exception {
        String out = Commands.run(binary, flag).assertSuccess().stdout();
        Matcher m = Pattern.compile("(\\d+\\.\\d+\\.\\d+\\S*)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private static long memTotalBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new AssertionError("no MemTotal");
    }
}
