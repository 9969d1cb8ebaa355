package io.linnet.itests;

import static io.linnet.itests.Commands.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Embedded DNS on user networks as dockerd's 127.0.0.11, asked from inside busybox containers with
 * {@code busybox nslookup} (a DNS query, never /etc/hosts): names, aliases, short IDs and --link aliases
 * of the container's own networks only, live as containers come and go; other names forwarded to the
 * upstream given with --dns, here a DNS responder the test runs on a host address.
 */
@WithLinnet(args = {"--bip", "10.232.0.1/16", "--bridge", "lnt-dns-it"}, removeContainers = false)
class EmbeddedDnsEndToEndIT {
    private static final String OUTSIDE = "outside.linnet.example";
    private static final String OUTSIDE_IP = "192.0.2.123";
    @WithLinnet.Inject
    private static LinnetDaemon daemon;
    private static DatagramSocket upstream;
    private static final List<String> upstreamQueries = Collections.synchronizedList(new ArrayList<>());
    private static String upstreamIp;

    /** The test's upstream resolver on port 53 of a host address: OUTSIDE has an address, other names do not exist. */
    @BeforeAll
    static void startUpstream() throws Exception {
        upstreamIp = hostAddress();
        upstream = new DatagramSocket(53, InetAddress.getByName(upstreamIp));
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            while (!upstream.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    upstream.receive(p);
                    Message q = new Message(Arrays.copyOf(p.getData(), p.getLength()));
                    String name = q.getQuestion().getName().toString(true).toLowerCase(Locale.ROOT);
                    upstreamQueries.add(name);
                    Message r = new Message(q.getHeader().getID());
                    r.getHeader().setFlag(Flags.QR);
                    r.getHeader().setFlag(Flags.RA);
                    r.addRecord(q.getQuestion(), Section.QUESTION);
                    if (!name.equals(OUTSIDE)) {
                        r.getHeader().setRcode(Rcode.NXDOMAIN);
                    } else if (q.getQuestion().getType() == Type.A) {
                        r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 30,
                                InetAddress.getByName(OUTSIDE_IP)), Section.ANSWER);
                    }
                    byte[] wire = r.toWire();
                    upstream.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
                } catch (IOException e) {
                    // closed, or a query that does not parse
                }
            }
        }, "test-upstream-dns");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (upstream != null) {
            upstream.close();
        }
        if (daemon != null) {
            daemon.close(); // before its bridge goes
        }
        TestBridges.removeBridge("lnt-dns-it"); // the default bridge stays with its daemon, as docker0
    }

    @AfterEach
    void removeContainersAndNetworks() throws Exception {
        TestBridges.removeContainersAndNetworks(daemon);
    }

    /** A host address that is neither loopback nor a bridge of containers. */
    private static String hostAddress() throws SocketException {
        for (NetworkInterface itf : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            String n = itf.getName();
            if (!itf.isUp() || itf.isLoopback() || n.startsWith("br-") || n.startsWith("veth") || n.startsWith("docker")
                    || n.startsWith("linnet") || n.startsWith("lnt") || n.startsWith("cni")) {
                continue;
            }
            for (InetAddress a : Collections.list(itf.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return a.getHostAddress();
                }
            }
        }
        throw new IllegalStateException("no host address for the test's DNS responder");
    }

    private static String ip(String container, String network) throws Exception {
        return daemon.docker("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}",
                container).assertSuccess().stdout().strip();
    }

    /** {@code busybox nslookup name} run in the container: its output (Address lines, or NXDOMAIN). */
    private static String nslookup(String container, String name) throws Exception {
        return daemon.docker("exec", container, "busybox", "nslookup", name).stdout();
    }

    private static String runDetached(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("run", "-d", "--dns", upstreamIp));
        command.addAll(List.of(args));
        command.addAll(List.of("busybox", "sleep", "300"));
        return daemon.docker(command.toArray(String[]::new)).assertSuccess().stdout().strip();
    }

    @Test
    void namesAliasesShortIdsAndLinksResolveByDnsOnTheContainersNetworksOnly() throws Exception {
        daemon.docker("network", "create", "dnsnet").assertSuccess();
        daemon.docker("network", "create", "othernet").assertSuccess();
        String webId = runDetached("--name", "web", "--network", "dnsnet", "--network-alias", "www");
        runDetached("--name", "client", "--network", "dnsnet", "--link", "web:webby");
        runDetached("--name", "stranger", "--network", "othernet");
        String webIp = ip("web", "dnsnet");

        assertEquals("nameserver 127.0.0.11\noptions ndots:0\n",
                daemon.docker("exec", "client", "cat", "/etc/resolv.conf").assertSuccess().stdout(),
                "dockerd's resolv.conf: --dns became the embedded server's upstream");
        for (String name : List.of("web", "www", webId.substring(0, 12), "webby", "web.dnsnet")) {
            String out = nslookup("client", name);
            assertTrue(out.contains("Server:\t\t127.0.0.11") && out.contains("Address: " + webIp + "\n"), name + ": " + out);
        }
        String outside = nslookup("stranger", "web");
        assertFalse(outside.contains(webIp), "another network's container cannot resolve the name: " + outside);
        assertTrue(outside.contains("NXDOMAIN"), "asked upstream instead, which does not know it: " + outside);

        String bridged = daemon.docker("run", "--rm", "busybox", "cat", "/etc/resolv.conf").assertSuccess().stdout();
        assertFalse(bridged.contains("127.0.0.11"), "the default bridge keeps the host's resolvers: " + bridged);
    }

    @Test
    void aLinkGivenAtConnectResolvesOnThatNetworkAndShowsInInspect() throws Exception {
        daemon.docker("network", "create", "linknet").assertSuccess();
        runDetached("--name", "target", "--network", "linknet");
        String targetIp = ip("target", "linknet");
        runDetached("--name", "joiner");
        daemon.docker("network", "connect", "--link", "target:tgt", "linknet", "joiner").assertSuccess();

        String out = nslookup("joiner", "tgt");
        assertTrue(out.contains("Address: " + targetIp + "\n"), "EndpointConfig.Links is a DNS alias: " + out);
        assertEquals("[target:tgt]", daemon.docker("inspect", "-f",
                "{{(index .NetworkSettings.Networks \"linknet\").Links}}", "joiner").assertSuccess().stdout().strip());
        assertEquals("[]", daemon.docker("inspect", "-f", "{{.HostConfig.Links}}", "joiner").assertSuccess().stdout().strip(),
                "not a legacy link");
    }

    @Test
    void aContainerResolvesOnceItJoinsAndNoLongerOnceItLeaves() throws Exception {
        daemon.docker("network", "create", "livenet").assertSuccess();
        runDetached("--name", "watcher", "--network", "livenet");
        assertTrue(nslookup("watcher", "late").contains("NXDOMAIN"), "not there yet");

        runDetached("--name", "late", "--network", "livenet");
        String lateIp = ip("late", "livenet");
        assertTrue(nslookup("watcher", "late").contains("Address: " + lateIp + "\n"), "resolves at once");

        daemon.docker("network", "connect", "--alias", "joined", "livenet", runDetached("--name", "bridged")).assertSuccess();
        String joinedIp = ip("bridged", "livenet");
        assertTrue(nslookup("watcher", "joined").contains("Address: " + joinedIp + "\n"), "connected later, with an alias");
        assertTrue(nslookup("bridged", "late").contains("Address: " + lateIp + "\n"),
                "a default-bridge container connected to a user network asks the embedded server from then on");

        daemon.docker("rename", "late", "renamed").assertSuccess();
        assertTrue(nslookup("watcher", "renamed").contains("Address: " + lateIp + "\n"), "its new name resolves");
        assertFalse(nslookup("watcher", "late").contains(lateIp), "its old one no longer");

        daemon.docker("rm", "-f", "renamed").assertSuccess();
        String gone = nslookup("watcher", "renamed");
        assertFalse(gone.contains(lateIp), gone);
        daemon.docker("network", "disconnect", "livenet", "bridged").assertSuccess();
        assertFalse(nslookup("watcher", "joined").contains(joinedIp), "disconnected: its alias is gone");
    }

    @Test
    void containersSharingAnAliasAreAllAnsweredAndOtherNamesAreForwarded() throws Exception {
        daemon.docker("network", "create", "svcnet").assertSuccess();
        runDetached("--name", "svc1", "--network", "svcnet", "--network-alias", "svc");
        runDetached("--name", "svc2", "--network", "svcnet", "--network-alias", "svc");
        runDetached("--name", "caller", "--network", "svcnet");
        String both = nslookup("caller", "svc");
        assertTrue(both.contains("Address: " + ip("svc1", "svcnet") + "\n")
                && both.contains("Address: " + ip("svc2", "svcnet") + "\n"), both);

        upstreamQueries.clear();
        String forwarded = nslookup("caller", OUTSIDE);
        assertTrue(forwarded.contains("Address: " + OUTSIDE_IP + "\n"), forwarded);
        assertTrue(upstreamQueries.contains(OUTSIDE), "asked the upstream given with --dns: " + upstreamQueries);
        assertFalse(upstreamQueries.contains("svc"), "names of the network are never forwarded");
    }

    /** Median answer time of 100 queries from inside a container (the figure of issue #18's closing note). */
    @Test
    void answersQuickly() throws Exception {
        daemon.docker("network", "create", "benchnet").assertSuccess();
        runDetached("--name", "target", "--network", "benchnet");
        runDetached("--name", "asker", "--network", "benchnet");
        String pid = daemon.docker("inspect", "-f", "{{.State.Pid}}", "asker").assertSuccess().stdout().strip();
        Path script = Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/dns-latency.py");
        String[] figures = Commands.run("nsenter", "--net=/proc/" + pid + "/ns/net", "python3", script.toString(),
                "127.0.0.11", "target", "100").assertSuccess().stdout().strip().split(" ");
        System.out.println("embedded DNS, 100 queries from a container: median " + figures[0] + " ms, p90 " + figures[1]
                + " ms, answered " + figures[2]);
        assertEquals("100/100", figures[2]);
        assertTrue(Double.parseDouble(figures[0]) < 20, "median " + figures[0] + " ms");
    }
}
