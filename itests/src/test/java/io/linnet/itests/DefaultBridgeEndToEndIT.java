package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The default bridge and the address pools as a dockerd daemon.json sets them: dual stack from fixed-cidr-v6,
 * addresses from fixed-cidr, the MTU, icc=false, the default binding address of {@code -p}, and the pools that
 * networks without a subnet take theirs from. The inspect values expected are the ones dockerd 20.10 printed
 * with the same daemon.json; a second daemon runs with iptables=false
 * (and ip-forward=false, whose effect IpForwardingTest checks: this host forwards already).
 */
@WithLinnet(argsFrom = "bridgeConfig", removeContainers = false)
class DefaultBridgeEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BRIDGE = "lnt-dbr-it";
    private static Path work;

    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    static List<String> bridgeConfig() throws Exception {
        work = Files.createTempDirectory(Path.of("/tmp"), "linnet-e2e-bridge-");
        Path config = Files.writeString(work.resolve("daemon.json"), """
                {"bip": "10.236.0.1/16", "bridge": "%s", "fixed-cidr": "10.236.5.0/24",
                 "ipv6": true, "fixed-cidr-v6": "2001:db8:36::/64", "mtu": 1400, "icc": false, "ip": "127.0.0.1",
                 "default-address-pools": [{"base": "10.237.0.0/23", "size": 24}]}
                """.formatted(BRIDGE));
        return List.of("--config-file", config.toString());
    }

    @AfterAll
    static void removeDefaultBridge() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        TestBridges.removeBridge(BRIDGE);
        if (work != null) {
            Commands.run("rm", "-rf", work.toString());
        }
    }

    @AfterEach
    void removeContainersAndNetworks() throws Exception {
        TestBridges.removeContainersAndNetworks(daemon);
    }

    private static JsonNode inspect(LinnetDaemon d, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "inspect";
        System.arraycopy(args, 0, command, 1, args.length);
        return JSON.readTree(d.docker(command).assertSuccess().stdout()).get(0);
    }

    /** Whether {@code from} gets an answer to a ping of {@code to} (a few tries: a new IPv6 address is tentative briefly). */
    private static boolean pings(String from, String to, boolean ipv6) throws Exception {
        return daemon.docker("exec", from, "sh", "-c", "for i in 1 2 3; do busybox ping " + (ipv6 ? "-6 " : "")
                + "-c1 -w2 " + to + " && exit 0; sleep 1; done; exit 1").exitCode() == 0;
    }

    @Test
    void networkInspectShowsTheDefaultBridgeAsDockerdDoes() throws Exception {
        JsonNode bridge = JSON.readTree(daemon.docker("network", "inspect", "bridge").assertSuccess().stdout()).get(0);
        assertTrue(bridge.path("EnableIPv6").asBoolean(), bridge.toString());
        JsonNode config = bridge.path("IPAM").path("Config");
        assertEquals(2, config.size(), config.toString());
        assertEquals("10.236.0.0/16", config.get(0).path("Subnet").asText());
        assertEquals("10.236.5.0/24", config.get(0).path("IPRange").asText());
        assertEquals("10.236.0.1", config.get(0).path("Gateway").asText());
        assertEquals("2001:db8:36::/64", config.get(1).path("Subnet").asText());
        assertFalse(config.get(1).has("Gateway"), "dockerd shows no IPv6 gateway it was not given: " + config);
        JsonNode options = bridge.path("Options");
        assertEquals("false", options.path("com.docker.network.bridge.enable_icc").asText());
        assertEquals("true", options.path("com.docker.network.bridge.enable_ip_masquerade").asText());
        assertEquals("127.0.0.1", options.path("com.docker.network.bridge.host_binding_ipv4").asText());
        assertEquals(BRIDGE, options.path("com.docker.network.bridge.name").asText());
        assertEquals("1400", options.path("com.docker.network.driver.mtu").asText());
    }

    @Test
    void containersGetBothFamiliesFromTheFixedRangesTheMtuAndNoIccBetweenThem() throws Exception {
        for (String name : new String[] {"b1", "b2"}) {
            daemon.docker("run", "-d", "--name", name, "busybox", "sleep", "300").assertSuccess();
        }
        JsonNode settings = inspect(daemon, "b1").path("NetworkSettings");
        JsonNode onBridge = settings.path("Networks").path("bridge");
        for (JsonNode s : new JsonNode[] {settings, onBridge}) {
            assertTrue(s.path("IPAddress").asText().startsWith("10.236.5."), s.toString());
            assertEquals(16, s.path("IPPrefixLen").asInt());
            assertEquals("10.236.0.1", s.path("Gateway").asText());
            assertTrue(s.path("GlobalIPv6Address").asText().startsWith("2001:db8:36::"), s.toString());
            assertEquals(64, s.path("GlobalIPv6PrefixLen").asInt());
            assertEquals("2001:db8:36::1", s.path("IPv6Gateway").asText());
        }
        String ipv6 = onBridge.path("GlobalIPv6Address").asText();
        assertTrue(daemon.docker("exec", "b1", "busybox", "ip", "-6", "addr", "show", "eth0").stdout().contains(ipv6 + "/64"));
        assertEquals("1400", daemon.docker("exec", "b1", "cat", "/sys/class/net/eth0/mtu").stdout().strip());
        // icc=false: no traffic between them, of either family; the gateway still answers each
        assertTrue(pings("b2", "10.236.0.1", false), "the gateway answers");
        assertTrue(pings("b2", "2001:db8:36::1", true), "the IPv6 gateway answers");
        assertFalse(pings("b2", onBridge.path("IPAddress").asText(), false), "icc=false: no IPv4 between containers");
        assertFalse(pings("b2", ipv6, true), "icc=false: no IPv6 between containers either");
    }

    @Test
    void portsWithoutAHostAddressBindTheDaemonsIp() throws Exception {
        daemon.docker("run", "-d", "--name", "web", "-p", "80", "busybox", "sh", "-c",
                "mkdir /www && echo hello bound > /www/index.html && exec httpd -f -p 80 -h /www").assertSuccess();
        JsonNode bindings = inspect(daemon, "web").path("NetworkSettings").path("Ports").path("80/tcp");
        assertEquals(1, bindings.size(), bindings.toString());
        assertEquals("127.0.0.1", bindings.get(0).path("HostIp").asText());
        String port = bindings.get(0).path("HostPort").asText();
        assertEquals("127.0.0.1:" + port, daemon.docker("port", "web", "80").stdout().strip());
        assertEquals("200 hello bound\n", PublishedPort.fetch("http://127.0.0.1:" + port + "/"));
    }

    @Test
    void networksWithoutASubnetTakeThePoolsInTurnUntilNoneIsLeft() throws Exception {
        daemon.docker("network", "create", "pool1").assertSuccess();
        daemon.docker("network", "create", "pool2").assertSuccess();
        JsonNode first = JSON.readTree(daemon.docker("network", "inspect", "pool1").stdout()).get(0);
        JsonNode second = JSON.readTree(daemon.docker("network", "inspect", "pool2").stdout()).get(0);
        assertEquals("10.237.0.0/24", first.path("IPAM").path("Config").get(0).path("Subnet").asText());
        assertEquals("10.237.1.0/24", second.path("IPAM").path("Config").get(0).path("Subnet").asText());
        Commands.Result full = daemon.curl("-s", "-w", " %{http_code}", "-X", "POST", "-H",
                "Content-Type: application/json", "-d", "{\"Name\":\"pool3\"}", "http://localhost/v1.43/networks/create");
        String answer = full.stdout().replaceAll("\\s+", " ").strip();
        assertEquals("{\"message\":\"could not find an available, non-overlapping IPv4 address pool among the "
                + "defaults to assign to the network\"} 404", answer, "dockerd 20.10's answer");
        daemon.docker("network", "rm", "pool1").assertSuccess();
        daemon.docker("network", "create", "pool3").assertSuccess();
        JsonNode reused = JSON.readTree(daemon.docker("network", "inspect", "pool3").stdout()).get(0);
        assertEquals("10.237.0.0/24", reused.path("IPAM").path("Config").get(0).path("Subnet").asText());
    }

    @Test
    void withoutIptablesNoRuleIsAddedAndPortsGoThroughTheProxy() throws Exception {
        Path config = Files.writeString(work.resolve("no-iptables.json"), """
                {"bridge": "lnt-dbr-noipt", "default-address-pools": [{"base": "10.238.0.0/16", "size": 24}],
                 "iptables": false, "ip-forward": false}
                """);
        try (LinnetDaemon plain = LinnetDaemon.start("--config-file", config.toString())) {
            plain.loadBusybox(Files.createDirectories(plain.root.resolve("images")), "no-iptables");
            JsonNode bridge = JSON.readTree(plain.docker("network", "inspect", "bridge").stdout()).get(0);
            assertEquals("10.238.0.0/24", bridge.path("IPAM").path("Config").get(0).path("Subnet").asText(),
                    "no bip: the default bridge takes the pools' first subnet, as dockerd's");
            assertFalse(bridge.path("IPAM").path("Config").get(0).has("Gateway"), "shown without it, as by dockerd");
            assertEquals("false", bridge.path("Options").path("com.docker.network.bridge.enable_ip_masquerade").asText());
            plain.docker("run", "-d", "--name", "web", "-p", "127.0.0.1::80", "busybox", "sh", "-c",
                    "mkdir /www && echo hello proxied > /www/index.html && exec httpd -f -p 80 -h /www").assertSuccess();
            String port = inspect(plain, "web").path("NetworkSettings").path("Ports").path("80/tcp").get(0)
                    .path("HostPort").asText();
            assertEquals("200 hello proxied\n", PublishedPort.fetch("http://127.0.0.1:" + port + "/"));
            for (String table : List.of("nat", "filter")) {
                String rules = Commands.run("iptables", "-t", table, "-S").stdout();
                assertFalse(rules.contains("lnt-dbr-noipt") || rules.contains("10.238.0.0/24")
                        || rules.contains("dport " + port), table + ": " + rules);
            }
            plain.removeAllContainers();
        } finally {
            TestBridges.removeBridge("lnt-dbr-noipt");
        }
    }

}
