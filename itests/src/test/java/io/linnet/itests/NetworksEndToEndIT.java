package io.linnet.itests;

import static io.linnet.itests.Commands.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Networking as a Docker user sees it, with the real docker CLI against linnetd on containerd and the
 * CNI plugins: the default bridge, published ports fetched from the host, user networks with name
 * resolution, connect/disconnect, host/none/container modes, and no rules or addresses left behind.
 */
@WithLinnet(argsFrom = "networkFlags", removeContainers = false) // removed here, before the networks
class NetworksEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A bridge and subnet of the tests' own, so they run beside dockerd, a linnetd and other test daemons. */
    private static final String[] NETWORK_FLAGS = {"--bip", "10.231.0.1/16", "--bridge", "lnt-net-it"};
    @WithLinnet.Inject
    private static LinnetDaemon daemon;
    private static int cniRulesBefore;

    @TempDir
    static Path work;

    /** Counts the rules before the daemon starts; then the daemon's flags. */
    static String[] networkFlags() throws Exception {
        cniRulesBefore = cniRules();
        return NETWORK_FLAGS;
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.close(); // before its bridge goes
        }
        TestBridges.removeBridge("lnt-net-it"); // the default bridge stays with its daemon, as docker0
    }

    @AfterEach
    void removeContainersAndNetworks() throws Exception {
        TestBridges.removeContainersAndNetworks(daemon);
        assertEquals(cniRulesBefore, cniRules(), "CNI iptables rules left behind");
    }

    private static JsonNode inspect(String... args) throws Exception {
        String[] command = Stream.concat(Stream.of("inspect"), Arrays.stream(args)).toArray(String[]::new);
        return JSON.readTree(daemon.docker(command).assertSuccess().stdout()).get(0);
    }

    /** iptables rules of CNI plugins or of user networks (their bridges are br-…), in every table. */
    private static int cniRules() throws Exception {
        Commands.Result save = Commands.run("iptables-save");
        return (int) lines(save.stdout()).stream().filter(l -> l.contains("CNI") || l.contains(" br-")).count();
    }

    private static String fetch(int port, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theDefaultBridgeGivesAnAddressAndTheFilesOfANetworkedContainer() throws Exception {
        daemon.docker("network", "ls", "--format", "{{.Name}}|{{.Driver}}").assertSuccess();
        String networks = daemon.docker("network", "ls", "--format", "{{.Name}}|{{.Driver}}|{{.Scope}}").assertSuccess()
                .stdout();
        assertTrue(networks.contains("bridge|bridge|local") && networks.contains("host|host|local")
                && networks.contains("none|null|local"), networks);
        JsonNode bridge = JSON.readTree(daemon.docker("network", "inspect", "bridge").assertSuccess().stdout()).get(0);
        String subnet = bridge.path("IPAM").path("Config").path(0).path("Subnet").asText();
        String gateway = bridge.path("IPAM").path("Config").path(0).path("Gateway").asText();
        assertEquals("10.231.0.0/16", subnet, bridge.toString());
        assertEquals("10.231.0.1", gateway);
        assertEquals("lnt-net-it", bridge.path("Options").path("com.docker.network.bridge.name").asText());

        daemon.docker("run", "-d", "--name", "pinger", "busybox", "sleep", "100").assertSuccess();
        JsonNode c = inspect("pinger");
        JsonNode settings = c.path("NetworkSettings");
        String ip = settings.path("IPAddress").asText();
        assertTrue(ip.startsWith("10.231."), settings.toString());
        assertEquals(16, settings.path("IPPrefixLen").asInt());
        assertEquals(gateway, settings.path("Gateway").asText());
        assertTrue(settings.path("MacAddress").asText().matches("([0-9a-f]{2}:){5}[0-9a-f]{2}"), settings.toString());
        JsonNode endpoint = settings.path("Networks").path("bridge");
        assertEquals(ip, endpoint.path("IPAddress").asText());
        assertEquals(bridge.path("Id").asText(), endpoint.path("NetworkID").asText());
        assertTrue(endpoint.path("EndpointID").asText().matches("[0-9a-f]{64}"), endpoint.toString());
        JsonNode onBridge = JSON.readTree(daemon.docker("network", "inspect", "bridge").assertSuccess().stdout()).get(0);
        assertEquals(ip + "/16", onBridge.path("Containers").path(c.path("Id").asText()).path("IPv4Address").asText(),
                onBridge.toString());

        String files = daemon.docker("run", "--rm", "--hostname", "box", "--add-host", "db.example:10.1.2.3",
                "--add-host", "gw:host-gateway", "busybox", "sh", "-c",
                "cat /etc/hosts; echo ---; cat /etc/resolv.conf; echo ---; cat /etc/hostname; ls /sys/class/net")
                .assertSuccess().stdout();
        String[] parts = files.split("---\n");
        assertTrue(parts[0].startsWith("127.0.0.1\tlocalhost\n"), parts[0]);
        assertTrue(parts[0].contains("10.1.2.3\tdb.example\n"), parts[0]);
        assertTrue(parts[0].contains(gateway + "\tgw\n"), parts[0]);
        assertTrue(parts[0].matches("(?s).*10\\.231\\.\\d+\\.\\d+\tbox\n"), parts[0]);
        assertTrue(parts[1].contains("nameserver "), parts[1]);
        assertFalse(parts[1].contains("nameserver 127."), parts[1]);
        assertTrue(parts[2].startsWith("box\n"), parts[2]);
        assertTrue(parts[2].contains("eth0") && parts[2].contains("lo"), parts[2]);

        String dns = daemon.docker("run", "--rm", "--dns", "10.9.9.9", "--dns-search", "corp.example",
                "--dns-option", "ndots:2", "busybox", "cat", "/etc/resolv.conf").assertSuccess().stdout();
        assertEquals("search corp.example\nnameserver 10.9.9.9\noptions ndots:2\n", dns);

        daemon.docker("rm", "-f", "pinger").assertSuccess();
        assertEquals("{}", JSON.readTree(daemon.docker("network", "inspect", "bridge").assertSuccess().stdout()).get(0)
                .path("Containers").toString());
    }

    @Test
    void aPublishedPortServesFromTheHost() throws Exception {
        daemon.docker("run", "-d", "--name", "web", "-p", "127.0.0.1::80", "busybox", "sh", "-c",
                "mkdir /www && echo hello from linnet > /www/index.html && exec httpd -f -p 80 -h /www").assertSuccess();
        String port = daemon.docker("port", "web", "80/tcp").assertSuccess().stdout().trim();
        assertTrue(port.matches("127\\.0\\.0\\.1:\\d+"), port);
        int hostPort = Integer.parseInt(port.substring(port.indexOf(':') + 1));
        assertEquals("hello from linnet\n", fetchWithRetry(hostPort));

        JsonNode ports = inspect("web").path("NetworkSettings").path("Ports");
        assertEquals("127.0.0.1", ports.path("80/tcp").path(0).path("HostIp").asText(), ports.toString());
        assertEquals(Integer.toString(hostPort), ports.path("80/tcp").path(0).path("HostPort").asText());
        String ps = daemon.docker("ps", "--format", "{{.Names}}|{{.Ports}}").assertSuccess().stdout();
        assertTrue(ps.contains("web|127.0.0.1:" + hostPort + "->80/tcp"), ps);

        // a fixed port, and the same port again: dockerd's error
        int fixed = freePort();
        daemon.docker("run", "-d", "--name", "fixed", "-p", "127.0.0.1:" + fixed + ":80", "busybox", "httpd", "-f",
                "-p", "80", "-h", "/etc").assertSuccess();
        assertTrue(fetchWithRetry(fixed, "/hostname").length() > 0);
        Commands.Result taken = daemon.docker("run", "--rm", "-p", "127.0.0.1:" + fixed + ":80", "busybox", "true");
        assertNotEquals(0, taken.exitCode());
        assertTrue(taken.stderr().contains("driver failed programming external connectivity on endpoint")
                && taken.stderr().contains("Bind for 127.0.0.1:" + fixed + " failed: port is already allocated"),
                taken.stderr());

        // -P publishes the exposed port on a free host port
        daemon.docker("run", "-d", "--name", "all", "--expose", "80", "-P", "busybox", "httpd", "-f", "-p", "80", "-h",
                "/etc").assertSuccess();
        String auto = daemon.docker("port", "all").assertSuccess().stdout().trim();
        assertTrue(auto.startsWith("80/tcp -> 0.0.0.0:"), auto);

        daemon.docker("rm", "-f", "fixed").assertSuccess();
        try (ServerSocket again = new ServerSocket(fixed, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertEquals(fixed, again.getLocalPort(), "the host port is free again once the container is gone");
        }
    }

    private static String fetchWithRetry(int port) throws Exception {
        return fetchWithRetry(port, "/");
    }

    private static String fetchWithRetry(int port, String path) throws Exception {
        AssertionError last = null;
        for (int i = 0; i < 20; i++) {
            try {
                return fetch(port, path);
            } catch (java.io.IOException | AssertionError e) {
                last = new AssertionError(e);
                Thread.sleep(200);
            }
        }
        throw last;
    }

    @Test
    void containersOnAUserNetworkReachEachOtherByNameAndAlias() throws Exception {
        String id = daemon.docker("network", "create", "--subnet", "10.213.7.0/24", "--label", "team=net", "app")
                .assertSuccess().stdout().trim();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        JsonNode app = JSON.readTree(daemon.docker("network", "inspect", "app").assertSuccess().stdout()).get(0);
        assertEquals("bridge", app.path("Driver").asText());
        assertEquals("local", app.path("Scope").asText());
        assertEquals("10.213.7.0/24", app.path("IPAM").path("Config").path(0).path("Subnet").asText());
        assertEquals("10.213.7.1", app.path("IPAM").path("Config").path(0).path("Gateway").asText());
        assertEquals("net", app.path("Labels").path("team").asText());

        Commands.Result duplicate = daemon.docker("network", "create", "app");
        assertNotEquals(0, duplicate.exitCode());
        assertTrue(duplicate.stderr().contains("network with name app already exists"), duplicate.stderr());

        daemon.docker("run", "-d", "--network", "app", "--name", "db", "busybox", "httpd", "-f", "-p", "80", "-h", "/etc")
                .assertSuccess();
        assertTrue(inspect("db").path("NetworkSettings").path("Networks").path("app").path("IPAddress").asText()
                .startsWith("10.213.7."));
        String page = daemon.docker("run", "--rm", "--network", "app", "busybox", "wget", "-qO-", "http://db/hostname")
                .assertSuccess().stdout();
        assertEquals(inspect("db").path("Config").path("Hostname").asText() + "\n", page);

        // a running container connected later gets eth1 and is found by its alias; then disconnected
        daemon.docker("run", "-d", "--name", "late", "busybox", "httpd", "-f", "-p", "80", "-h", "/etc").assertSuccess();
        daemon.docker("network", "connect", "--alias", "cache", "app", "late").assertSuccess();
        JsonNode late = inspect("late").path("NetworkSettings").path("Networks");
        assertTrue(late.has("bridge") && late.has("app"), late.toString());
        assertTrue(late.path("app").path("Aliases").toString().contains("cache"), late.toString());
        assertEquals(inspect("late").path("Config").path("Hostname").asText() + "\n",
                daemon.docker("run", "--rm", "--network", "app", "busybox", "wget", "-qO-", "http://cache/hostname")
                        .assertSuccess().stdout());
        assertEquals(2, JSON.readTree(daemon.docker("network", "inspect", "app").assertSuccess().stdout()).get(0)
                .path("Containers").size());

        Commands.Result inUse = daemon.docker("network", "rm", "app");
        assertNotEquals(0, inUse.exitCode());
        assertTrue(inUse.stderr().contains("error while removing network: network app id " + id
                + " has active endpoints"), inUse.stderr());

        daemon.docker("network", "disconnect", "app", "late").assertSuccess();
        assertFalse(inspect("late").path("NetworkSettings").path("Networks").has("app"));
        Commands.Result gone = daemon.docker("run", "--rm", "--network", "app", "busybox", "wget", "-qO-", "-T", "2",
                "http://cache/hostname");
        assertNotEquals(0, gone.exitCode(), gone.stdout());

        // the default bridge does not resolve names
        Commands.Result onBridge = daemon.docker("run", "--rm", "busybox", "wget", "-qO-", "-T", "2", "http://late/");
        assertNotEquals(0, onBridge.exitCode());

        daemon.docker("rm", "-f", "db", "late").assertSuccess();
        daemon.docker("network", "rm", "app").assertSuccess();
        Commands.Result removed = daemon.docker("network", "inspect", "app");
        assertNotEquals(0, removed.exitCode());
        assertTrue(removed.stderr().contains("network app not found"), removed.stderr());
    }

    @Test
    void listFiltersPruneAndPredefinedNetworks() throws Exception {
        daemon.docker("network", "create", "--label", "keep=yes", "kept").assertSuccess();
        daemon.docker("network", "create", "spare").assertSuccess();
        assertEquals(List.of("kept", "spare"), lines(daemon.docker("network", "ls", "--filter", "type=custom",
                "--format", "{{.Name}}").assertSuccess().stdout()).stream().sorted().toList());
        assertEquals(List.of("kept"), lines(daemon.docker("network", "ls", "--filter", "label=keep=yes", "--format",
                "{{.Name}}").assertSuccess().stdout()));
        assertEquals(List.of("bridge"), lines(daemon.docker("network", "ls", "--filter", "name=^bri", "--filter",
                "type=builtin", "--format", "{{.Name}}").assertSuccess().stdout()));
        Commands.Result bad = daemon.docker("network", "ls", "--filter", "colour=red");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.stderr().contains("Invalid filter 'colour'"), bad.stderr());

        Commands.Result predefined = daemon.docker("network", "rm", "bridge");
        assertNotEquals(0, predefined.exitCode());
        assertTrue(predefined.stderr().contains("bridge is a pre-defined network and cannot be removed"),
                predefined.stderr());
        Commands.Result create = daemon.docker("network", "create", "host");
        assertNotEquals(0, create.exitCode());
        assertTrue(create.stderr().contains("operation is not permitted on predefined host network"), create.stderr());
        Commands.Result driver = daemon.docker("network", "create", "-d", "weave", "w");
        assertNotEquals(0, driver.exitCode());
        assertTrue(driver.stderr().contains("plugin \"weave\" not found"), driver.stderr());
        Commands.Result unknown = daemon.docker("run", "--rm", "--network", "nosuchnet", "busybox", "true");
        assertNotEquals(0, unknown.exitCode());
        assertTrue(unknown.stderr().contains("network nosuchnet not found"), unknown.stderr());

        String pruned = daemon.docker("network", "prune", "-f", "--filter", "label!=keep").assertSuccess().stdout();
        assertTrue(pruned.contains("spare") && !pruned.contains("kept"), pruned);
        assertEquals(List.of("kept"), lines(daemon.docker("network", "ls", "--filter", "type=custom", "--format",
                "{{.Name}}").assertSuccess().stdout()));
    }

    @Test
    void hostNoneAndContainerModesAreNamespaceChoices() throws Exception {
        String hostLinks = String.join(" ", lines(Commands.run("ls", "/sys/class/net").stdout()));
        String inHost = String.join(" ", lines(daemon.docker("run", "--rm", "--network", "host", "busybox", "ls",
                "/sys/class/net").assertSuccess().stdout()));
        assertEquals(hostLinks, inHost);
        assertEquals("lo", daemon.docker("run", "--rm", "--network", "none", "busybox", "ls", "/sys/class/net")
                .assertSuccess().stdout().trim());
        // lo is up (IFF_UP | IFF_LOOPBACK), as CNI's loopback plugin left it: 127.0.0.1 answers inside
        assertEquals("0x9", daemon.docker("run", "--rm", "--network", "none", "busybox", "cat", "/sys/class/net/lo/flags")
                .assertSuccess().stdout().trim());

        daemon.docker("run", "-d", "--name", "owner", "busybox", "httpd", "-f", "-p", "8080", "-h", "/etc")
                .assertSuccess();
        // the joined namespace reaches the owner's server on localhost
        String viaLocalhost = daemon.docker("run", "--rm", "--network", "container:owner", "busybox", "wget", "-qO-",
                "http://127.0.0.1:8080/hostname").assertSuccess().stdout();
        assertEquals(inspect("owner").path("Config").path("Hostname").asText() + "\n", viaLocalhost);
        daemon.docker("stop", "-t", "1", "owner").assertSuccess();
        Commands.Result stopped = daemon.docker("run", "--rm", "--network", "container:owner", "busybox", "true");
        assertNotEquals(0, stopped.exitCode());
        assertTrue(stopped.stderr().contains("cannot join network of a non running container"), stopped.stderr());
    }

    @Test
    void aRestartedDaemonLeavesNoAddressesOrRulesOfContainersThatEnded() throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "linnet-e2e-netrestart-");
        // live-restore: the container outlives the daemon and ends while none runs
        LinnetDaemon first = LinnetDaemon.startIn(root, java.util.stream.Stream.concat(java.util.Arrays.stream(NETWORK_FLAGS),
                java.util.stream.Stream.of("--live-restore")).toArray(String[]::new));
        try {
            first.loadBusybox(work, "netrestart");
            first.docker("run", "-d", "--name", "published", "-p", "127.0.0.1::80", "busybox", "httpd", "-f", "-p", "80",
                    "-h", "/etc").assertSuccess();
            assertTrue(cniRules() > cniRulesBefore, "portmap and firewall rules while it runs");
            long pid = inspect2(first, "published").path("State").path("Pid").asLong();
            assertEquals(0, first.terminate(), first.logText());
            // the container ends while no daemon watches (the task outlives the daemon otherwise)
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            Thread.sleep(500);
        } finally {
            first.close();
        }
        try (LinnetDaemon second = LinnetDaemon.startIn(root, NETWORK_FLAGS)) {
            try {
                // its endpoint is released when the new daemon finds the task gone
                long deadline = System.currentTimeMillis() + 20_000;
                while (cniRules() != cniRulesBefore && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                assertEquals(cniRulesBefore, cniRules(), second.logText());
                try (Stream<Path> ipam = Files.walk(root.resolve("data/networks/ipam"))) {
                    List<String> leases = ipam.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                            .filter(n -> n.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")).toList();
                    assertEquals(List.of(), leases, "no address still allocated");
                }
                // and it starts again with an address
                second.docker("start", "published").assertSuccess();
                assertTrue(inspect2(second, "published").path("NetworkSettings").path("IPAddress").asText()
                        .startsWith("10.231."));
            } finally {
                for (String id : lines(second.docker("ps", "-aq", "--no-trunc").stdout())) {
                    second.docker("rm", "-f", id);
                }
            }
        }
    }

    @Test
    void aStartWhoseNetworkSetupFailsAnswersTheErrorAndLeavesNoTaskNamespaceOrAddress() throws Exception {
        daemon.docker("network", "create", "--subnet", "10.233.75.0/24", "failnet").assertSuccess();
        // accepted at create, refused at start once CNI ADD has given the address (as dockerd checks it)
        String id = daemon.docker("create", "--name", "badll", "--network", "failnet", "--link-local-ip", "10.1.1.1",
                "busybox", "sleep", "300").assertSuccess().stdout().trim();
        for (int attempt = 1; attempt <= 2; attempt++) { // the second start finds nothing the first one left
            Commands.Result start = daemon.docker("start", "badll");
            assertNotEquals(0, start.exitCode());
            assertTrue(start.stderr().contains("invalid link local IP address: 10.1.1.1"), start.stderr());
            assertFalse(Commands.run("ctr", "--address", daemon.execRoot.resolve("containerd/containerd.sock").toString(),
                    "-n", "linnet", "tasks", "ls").assertSuccess().stdout().contains(id), "no task left");
            assertEquals(List.of(), daemon.mountsBelowRoot().stream().filter(m -> m.contains(id)).toList(),
                    "no namespace pin or rootfs left (attempt " + attempt + ")");
            try (Stream<Path> ipam = Files.walk(daemon.dataRoot.resolve("networks/ipam"))) {
                List<Path> leases = ipam.filter(Files::isRegularFile).filter(f -> {
                    try {
                        return Files.readString(f).contains(id);
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }).toList();
                assertEquals(List.of(), leases, "no address left allocated");
            }
        }
        assertEquals("created", inspect("badll").path("State").path("Status").asText());
        daemon.docker("rm", "badll").assertSuccess();
        daemon.docker("network", "rm", "failnet").assertSuccess(); // no endpoint holds it
    }

    private static JsonNode inspect2(LinnetDaemon d, String name) throws Exception {
        return JSON.readTree(d.docker("inspect", name).assertSuccess().stdout()).get(0);
    }
}
