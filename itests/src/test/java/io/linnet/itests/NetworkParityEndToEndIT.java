package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Networking beyond the common path, as dockerd 24 shows and applies it, with the docker CLI and
 * docker-py: dual-stack networks (IPv6 between containers, AAAA from the embedded DNS, a published
 * port on [::1]), IPAM settings and driver options in inspect and on the host, fixed addresses and
 * MAC addresses, enable_icc=false isolation and enable_ip_masquerade=false. The expected inspect
 * values are the ones the reference dockerd 20.10 printed for the same commands.
 */
@WithLinnet(args = {"--bip", "10.234.0.1/16", "--bridge", "lnt-par-it"}, removeContainers = false)
class NetworkParityEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    @AfterAll
    static void removeDefaultBridge() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        TestBridges.removeBridge("lnt-par-it");
    }

    @AfterEach
    void removeContainersAndNetworks() throws Exception {
        TestBridges.removeContainersAndNetworks(daemon);
    }

    private static JsonNode inspect(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "inspect";
        System.arraycopy(args, 0, command, 1, args.length);
        return JSON.readTree(daemon.docker(command).assertSuccess().stdout()).get(0);
    }

    private static JsonNode networkInspect(String name) throws Exception {
        return JSON.readTree(daemon.docker("network", "inspect", name).assertSuccess().stdout()).get(0);
    }

    private static String exec(String container, String... busyboxArgs) throws Exception {
        String[] command = new String[busyboxArgs.length + 3];
        command[0] = "exec";
        command[1] = container;
        command[2] = "busybox";
        System.arraycopy(busyboxArgs, 0, command, 3, busyboxArgs.length);
        return daemon.docker(command).stdout();
    }

    /** Whether {@code from} gets an answer to a ping of {@code to} (a few tries: a new IPv6 address is tentative briefly). */
    private static boolean pings(String from, String to, boolean ipv6) throws Exception {
        return daemon.docker("exec", from, "sh", "-c", "for i in 1 2 3 4 5; do busybox ping " + (ipv6 ? "-6 " : "")
                + "-c1 -w2 " + to + " && exit 0; sleep 1; done; exit 1").exitCode() == 0;
    }

    /** A detached busybox httpd serving "hello over ipv6" on port 80. */
    private static void runWeb(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("run", "-d"));
        command.addAll(List.of(args));
        command.addAll(List.of("busybox", "sh", "-c",
                "mkdir /www && echo hello over ipv6 > /www/index.html && exec httpd -f -p 80 -h /www"));
        daemon.docker(command.toArray(String[]::new)).assertSuccess();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void dualStackContainersReachEachOtherOverIpv6AndResolveByAaaa() throws Exception {
        daemon.docker("network", "create", "--ipv6", "--subnet", "2001:db8:71::/64", "--subnet", "10.233.71.0/24",
                "dual").assertSuccess();
        daemon.docker("run", "-d", "--name", "web", "--network", "dual", "--ip", "10.233.71.10", "--ip6",
                "2001:db8:71::10", "busybox", "sleep", "300").assertSuccess();
        daemon.docker("run", "-d", "--name", "client", "--network", "dual", "busybox", "sleep", "300").assertSuccess();

        JsonNode ep = inspect("web").path("NetworkSettings").path("Networks").path("dual");
        assertEquals("10.233.71.10", ep.path("IPAddress").asText(), ep.toString());
        assertEquals("2001:db8:71::10", ep.path("GlobalIPv6Address").asText());
        assertEquals(64, ep.path("GlobalIPv6PrefixLen").asInt());
        assertEquals("2001:db8:71::1", ep.path("IPv6Gateway").asText());
        assertEquals("2001:db8:71::10", ep.path("IPAMConfig").path("IPv6Address").asText());
        String addr = exec("web", "ip", "addr", "show", "eth0");
        assertTrue(addr.contains("inet6 2001:db8:71::10/64") && addr.contains("inet 10.233.71.10/24"), addr);

        JsonNode net = networkInspect("dual");
        assertTrue(net.path("EnableIPv6").asBoolean());
        assertEquals("[{\"Subnet\":\"10.233.71.0/24\",\"Gateway\":\"10.233.71.1\"},{\"Subnet\":\"2001:db8:71::/64\"}]",
                net.path("IPAM").path("Config").toString(), "dockerd: IPv4 first, the default IPv6 gateway not shown");
        JsonNode attached = net.path("Containers").path(inspect("web").path("Id").asText());
        assertEquals("2001:db8:71::10/64", attached.path("IPv6Address").asText(), net.toString());
        assertEquals("10.233.71.10/24", attached.path("IPv4Address").asText());

        assertTrue(pings("client", "web", true), "ping -6 by name");
        String aaaa = exec("client", "nslookup", "-type=AAAA", "web");
        assertTrue(aaaa.contains("2001:db8:71::10"), aaaa);
        assertFalse(aaaa.contains("10.233.71.10"), "an AAAA query gets IPv6 addresses only: " + aaaa);

        Commands.Result noSubnet = daemon.docker("network", "create", "--ipv6", "nov6");
        assertNotEquals(0, noSubnet.exitCode());
        assertTrue(noSubnet.stderr().contains("could not find an available, non-overlapping IPv6 address pool among "
                + "the defaults to assign to the network"), noSubnet.stderr());
    }

    @Test
    void aPortPublishedFromAnIpv6NetworkIsReachedOnIpv6LoopbackAndIpv4() throws Exception {
        daemon.docker("network", "create", "--ipv6", "--subnet", "2001:db8:72::/64", "web6").assertSuccess();
        int port = freePort();
        runWeb("--name", "web", "--network", "web6", "-p", port + ":80");
        String ports = daemon.docker("port", "web", "80/tcp").assertSuccess().stdout();
        assertTrue(ports.contains("0.0.0.0:" + port) && ports.contains("[::]:" + port), ports);
        assertEquals("200 hello over ipv6\n", PublishedPort.fetch("http://[::1]:" + port + "/"));
        assertEquals("200 hello over ipv6\n", PublishedPort.fetch("http://127.0.0.1:" + port + "/"));
        daemon.docker("rm", "-f", "web").assertSuccess();
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("::", port)); // free again once the container is gone
        }
    }

    @Test
    void ipv6AddressesAnswerReverseLookupsAndUdpIsPublishedOnIpv6Too() throws Exception {
        daemon.docker("network", "create", "--ipv6", "--subnet", "2001:db8:73::/64", "--subnet", "10.233.73.0/24",
                "udp6").assertSuccess();
        Path dir = java.nio.file.Files.createTempDirectory(Path.of("/tmp"), "linnet-e2e-udpecho-");
        try {
            Path echo = udpEcho(dir);
            int port = freePort();
            daemon.docker("run", "-d", "--name", "echo", "--network", "udp6", "--ip6", "2001:db8:73::53", "-p",
                    port + ":7/udp", "-v", echo + ":/udpecho:ro", "busybox", "/udpecho", "7").assertSuccess();
            daemon.docker("run", "-d", "--name", "asker", "--network", "udp6", "busybox", "sleep", "300")
                    .assertSuccess();
            // a reverse lookup of the IPv6 address, by DNS from the other container (as of its IPv4 one)
            String ptr = exec("asker", "nslookup", "2001:db8:73::53");
            assertTrue(ptr.contains("echo.udp6"), ptr);
            String ports = daemon.docker("port", "echo", "7/udp").assertSuccess().stdout();
            assertTrue(ports.contains("0.0.0.0:" + port) && ports.contains("[::]:" + port), ports);
            assertEquals("over ipv6", udpAsk("::1", port, "over ipv6"));
            assertEquals("over ipv4", udpAsk("127.0.0.1", port, "over ipv4"));
            daemon.docker("rm", "-f", "echo").assertSuccess();
            // portmap made its chains in ip6tables too (the container had an IPv6 address): they go with it
            String nat6 = Commands.run("ip6tables", "-t", "nat", "-S").stdout();
            assertFalse(nat6.contains("CNI-HOSTPORT-DNAT"), nat6);
        } finally {
            daemon.docker("rm", "-f", "echo");
            Commands.run("rm", "-rf", dir.toString());
        }
    }

    @Test
    void aFixedAddressMayLieOutsideTheIpRangeInsideTheSubnet() throws Exception {
        daemon.docker("network", "create", "--subnet", "10.233.77.0/24", "--ip-range", "10.233.77.128/25", "ranged")
                .assertSuccess();
        daemon.docker("run", "-d", "--name", "fixed", "--network", "ranged", "--ip", "10.233.77.9", "busybox", "sleep",
                "300").assertSuccess();
        daemon.docker("run", "-d", "--name", "pooled", "--network", "ranged", "busybox", "sleep", "300")
                .assertSuccess();
        assertEquals("10.233.77.9", inspect("fixed").path("NetworkSettings").path("Networks").path("ranged")
                .path("IPAddress").asText(), "dockerd takes it anywhere in the subnet");
        String pooled = inspect("pooled").path("NetworkSettings").path("Networks").path("ranged").path("IPAddress")
                .asText();
        assertTrue(Integer.parseInt(pooled.substring(pooled.lastIndexOf('.') + 1)) >= 128, pooled);
        assertTrue(pings("pooled", "10.233.77.9", false));
    }

    /** A static UDP echo server (busybox has none), built with the machine's cc as the daemon's log writer is. */
    private static Path udpEcho(Path dir) throws Exception {
        Path source = java.nio.file.Files.writeString(dir.resolve("udpecho.c"), String.join("\n",
                "#include <netinet/in.h>", "#include <stdlib.h>", "#include <sys/socket.h>",
                "int main(int argc, char **argv) {",
                "    int s = socket(AF_INET6, SOCK_DGRAM, 0), off = 0;",
                "    setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);",
                "    struct sockaddr_in6 a = {0};",
                "    a.sin6_family = AF_INET6;",
                "    a.sin6_port = htons(atoi(argv[1]));",
                "    if (bind(s, (struct sockaddr *) &a, sizeof a) != 0) return 1;",
                "    char buf[2048];",
                "    for (;;) {",
                "        struct sockaddr_in6 from;",
                "        socklen_t len = sizeof from;",
                "        long n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *) &from, &len);",
                "        if (n >= 0) sendto(s, buf, n, 0, (struct sockaddr *) &from, len);",
                "    }",
                "}", ""));
        Path binary = dir.resolve("udpecho");
        Commands.run("cc", "-static", "-O2", "-o", binary.toString(), source.toString()).assertSuccess();
        return binary;
    }

    /** Sends a datagram to the host port and answers the reply (a few tries: the server may not be up yet). */
    private static String udpAsk(String host, int port, String text) throws Exception {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(new InetSocketAddress(
                java.net.InetAddress.getByName(host), 0))) {
            socket.setSoTimeout(1_000);
            byte[] out = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int i = 0; i < 10; i++) {
                socket.send(new java.net.DatagramPacket(out, out.length, new InetSocketAddress(host, port)));
                java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[2048], 2048);
                try {
                    socket.receive(reply);
                    return new String(reply.getData(), 0, reply.getLength(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (java.net.SocketTimeoutException e) {
                    // not up yet
                }
            }
            return "no reply";
        }
    }

    @Test
    void linkLocalIpsGoOnTheInterfaceAtRunAndConnectAndShowInInspect() throws Exception {
        daemon.docker("network", "create", "--subnet", "10.233.74.0/24", "llnet").assertSuccess();
        daemon.docker("run", "-d", "--name", "ll1", "--network", "llnet", "--link-local-ip", "169.254.7.7", "busybox",
                "sleep", "300").assertSuccess();
        assertEquals("{\"LinkLocalIPs\":[\"169.254.7.7\"]}", inspect("ll1").path("NetworkSettings").path("Networks")
                .path("llnet").path("IPAMConfig").toString(), "as dockerd 20.10 shows it");
        String addr = exec("ll1", "ip", "addr", "show", "eth0");
        assertTrue(addr.contains("inet 169.254.7.7/16") && addr.contains("inet 10.233.74."), addr);

        daemon.docker("run", "-d", "--name", "ll2", "busybox", "sleep", "300").assertSuccess();
        daemon.docker("network", "connect", "--link-local-ip", "169.254.9.10", "llnet", "ll2").assertSuccess();
        assertTrue(exec("ll2", "ip", "addr", "show", "eth1").contains("inet 169.254.9.10/16"));
        assertEquals("{\"LinkLocalIPs\":[\"169.254.9.10\"]}", inspect("ll2").path("NetworkSettings").path("Networks")
                .path("llnet").path("IPAMConfig").toString());

        Commands.Result notLinkLocal = daemon.docker("run", "-d", "--name", "ll3", "--network", "llnet",
                "--link-local-ip", "10.1.1.1", "busybox", "sleep", "300");
        assertNotEquals(0, notLinkLocal.exitCode());
        assertTrue(notLinkLocal.stderr().contains("invalid link local IP address: 10.1.1.1"), notLinkLocal.stderr());
    }

    @Test
    void ipamSettingsAndDriverOptionsRoundTripAndApply() throws Exception {
        daemon.docker("network", "create", "--subnet", "10.233.74.0/24", "--ip-range", "10.233.74.128/25",
                "--gateway", "10.233.74.254", "--aux-address", "host1=10.233.74.130", "--ipam-opt", "foo=bar",
                "-o", "com.docker.network.bridge.name=lnt-parity0", "-o", "com.docker.network.driver.mtu=1400",
                "--label", "l=v", "tuned").assertSuccess();
        JsonNode net = networkInspect("tuned");
        assertEquals("{\"Driver\":\"default\",\"Options\":{\"foo\":\"bar\"},\"Config\":[{\"Subnet\":\"10.233.74.0/24\","
                + "\"IPRange\":\"10.233.74.128/25\",\"Gateway\":\"10.233.74.254\",\"AuxiliaryAddresses\":{\"host1\":"
                + "\"10.233.74.130\"}}]}", net.path("IPAM").toString());
        assertEquals("{\"com.docker.network.bridge.name\":\"lnt-parity0\",\"com.docker.network.driver.mtu\":\"1400\"}",
                net.path("Options").toString());
        assertEquals("{\"l\":\"v\"}", net.path("Labels").toString());
        assertEquals("local", net.path("Scope").asText());
        assertFalse(net.path("Attachable").asBoolean() || net.path("Ingress").asBoolean()
                || net.path("ConfigOnly").asBoolean());
        assertEquals("{\"Network\":\"\"}", net.path("ConfigFrom").toString());

        for (String name : new String[] {"ra", "rb"}) {
            daemon.docker("run", "-d", "--name", name, "--network", "tuned", "busybox", "sleep", "300").assertSuccess();
            String ip = inspect(name).path("NetworkSettings").path("Networks").path("tuned").path("IPAddress").asText();
            int last = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
            assertTrue(ip.startsWith("10.233.74.") && last > 128 && last != 130 && last != 254,
                    "from the ip-range, never the aux address or the gateway: " + ip);
            assertTrue(exec(name, "ip", "link", "show", "eth0").contains("mtu 1400"));
        }
        assertEquals(0, Commands.run("ip", "link", "show", "lnt-parity0").exitCode(), "the bridge has the name asked");
        daemon.docker("network", "create", "pooled").assertSuccess();
        Commands.Result onPool = daemon.docker("run", "--rm", "--network", "pooled", "--ip", "10.9.9.9", "busybox", "true");
        assertNotEquals(0, onPool.exitCode());
        assertTrue(onPool.stderr().contains("user specified IP address is supported only when connecting to networks "
                + "with user configured subnets"), onPool.stderr());
    }

    @Test
    void iccFalseIsolatesTheContainersOfANetworkAndMasqueradeFalseLeavesNoNatRule() throws Exception {
        daemon.docker("network", "create", "--subnet", "10.233.75.0/24", "-o",
                "com.docker.network.bridge.enable_icc=false", "-o", "com.docker.network.bridge.enable_ip_masquerade=false",
                "isolated").assertSuccess();
        daemon.docker("network", "create", "--subnet", "10.233.76.0/24", "open").assertSuccess();
        for (String name : new String[] {"i1", "i2"}) {
            daemon.docker("run", "-d", "--name", name, "--network", "isolated", "busybox", "sleep", "300").assertSuccess();
        }
        for (String name : new String[] {"o1", "o2"}) {
            daemon.docker("run", "-d", "--name", name, "--network", "open", "busybox", "sleep", "300").assertSuccess();
        }
        String i1 = inspect("i1").path("NetworkSettings").path("Networks").path("isolated").path("IPAddress").asText();
        String o1 = inspect("o1").path("NetworkSettings").path("Networks").path("open").path("IPAddress").asText();
        assertTrue(pings("o2", o1, false), "containers of a network reach each other by default");
        assertFalse(pings("i2", i1, false), "enable_icc=false: they do not");
        String nat = Commands.run("iptables", "-t", "nat", "-S", "POSTROUTING").stdout();
        assertTrue(nat.contains("-s 10.233.76.0/24") && !nat.contains("-s 10.233.75.0/24"), nat);
    }

    @Test
    void dockerPySetsFixedAddressesAndMacAddressesSeenInInspectAndInTheContainer() throws Exception {
        Path script = Path.of(NetworkParityEndToEndIT.class.getResource("/dockerpy/network_parity.py").toURI());
        Commands.Result session = DockerCli.at("unix://" + daemon.socket).withEnv("PYTHONUNBUFFERED", "1")
                .run("python3", script.toString());
        assertEquals(0, session.exitCode(), session.stdout() + session.stderr());
        assertEquals("ok", session.stdout().strip());
    }
}
