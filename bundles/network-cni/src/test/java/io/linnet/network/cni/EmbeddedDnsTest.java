package io.linnet.network.cni;

import static io.linnet.network.cni.DnsQueries.answers;
import static io.linnet.network.cni.DnsQueries.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The embedded DNS server on loopback sockets: its own names, and forwarding to upstreams over UDP and TCP. */
class EmbeddedDnsTest {

    private static final String NET = "n1".repeat(32);
    private final DnsNames names = new DnsNames();
    private final EmbeddedDns server = new EmbeddedDns(names);

    @AfterEach
    void stop() {
        server.close();
    }

    private static ContainerNet container(String id, String name, String ip, String... aliases) {
        ContainerNet n = new ContainerNet();
        n.id = id;
        n.name = "/" + name;
        n.networks.put(NET, new ContainerNet.Request(List.of(aliases), ""));
        ContainerNet.Endpoint ep = new ContainerNet.Endpoint();
        ep.ipAddress = ip;
        n.endpoints.put(NET, ep);
        return n;
    }

    private static NetworkDef network() {
        return new NetworkDef(NET, "app", "bridge", "", "br-x", "10.1.0.0/24", "10.1.0.1", "", false, false, false, 0,
                true, Map.of(), Map.of());
    }

    /** Serves a resolver on loopback with this scope; answers its UDP and TCP addresses. */
    private InetSocketAddress[] serve(ResolverScope scope) throws IOException {
        var loopback = new InetSocketAddress("127.0.0.1", 0);
        DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET).bind(loopback);
        ServerSocketChannel tcp = ServerSocketChannel.open(StandardProtocolFamily.INET).bind(loopback);
        server.start("c1", new ResolverSockets(udp, tcp), scope);
        return new InetSocketAddress[] {(InetSocketAddress) udp.getLocalAddress(),
            (InetSocketAddress) tcp.getLocalAddress()};
    }

    @Test
    void answersNamesAliasesShortIdsAndReverseOfItsNetworks() throws IOException {
        names.refresh(network(), List.of(container("a".repeat(64), "web", "10.1.0.2", "www"),
                container("b".repeat(64), "api", "10.1.0.3")));
        InetSocketAddress[] at = serve(new ResolverScope(List.of(NET), Map.of("backend", "api"), List.of()));

        for (String name : List.of("web", "WWW", "aaaaaaaaaaaa", "web.app")) {
            Message reply = DnsQueries.udp(at[0], query(name, Type.A));
            assertEquals(List.of("10.1.0.2"), answers(reply), name);
            assertEquals(Rcode.NOERROR, reply.getRcode());
            assertTrue(reply.getHeader().getFlag(Flags.RA));
            assertEquals(DnsAnswers.TTL, reply.getSection(Section.ANSWER).get(0).getTTL());
        }
        assertEquals(List.of("10.1.0.3"), answers(DnsQueries.udp(at[0], query("backend", Type.A))), "--link alias");
        assertEquals(List.of("10.1.0.3"), answers(DnsQueries.tcp(at[1], query("api", Type.A))), "over TCP");
        Message aaaa = DnsQueries.udp(at[0], query("web", Type.AAAA));
        assertEquals(Rcode.NOERROR, aaaa.getRcode());
        assertEquals(List.of(), answers(aaaa), "a name without IPv6 address: an empty answer");
        assertEquals(List.of("web.app."), answers(DnsQueries.udp(at[0], query("2.0.1.10.in-addr.arpa", Type.PTR))));
    }

    @Test
    void ipv6AddressesAnswerPtrQueriesAsIpv4OnesDo() throws IOException {
        ContainerNet web = container("a".repeat(64), "web", "10.1.0.2");
        web.endpoints.get(NET).ipv6Address = "2001:db8:1::2";
        names.refresh(network(), List.of(web));
        InetSocketAddress[] at = serve(new ResolverScope(List.of(NET), Map.of(), List.of()));
        String ptr6 = "2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa";
        assertEquals(List.of("web.app."), answers(DnsQueries.udp(at[0], query(ptr6, Type.PTR))));
        assertEquals(List.of("web.app."), answers(DnsQueries.udp(at[0], query("2.0.1.10.in-addr.arpa", Type.PTR))));
        assertEquals(null, DnsAnswers.reverseAddress("2.0.1.ip6.arpa"), "too short: forwarded");
        assertEquals("2001:db8:1::2", DnsAnswers.reverseAddress(ptr6));
    }

    @Test
    void severalContainersWithOneAliasAnswerInTurn() throws IOException {
        names.refresh(network(), List.of(container("a".repeat(64), "web1", "10.1.0.2", "web"),
                container("b".repeat(64), "web2", "10.1.0.3", "web")));
        InetSocketAddress[] at = serve(new ResolverScope(List.of(NET), Map.of(), List.of()));
        Set<String> firsts = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            List<String> ips = answers(DnsQueries.udp(at[0], query("web", Type.A)));
            assertEquals(Set.of("10.1.0.2", "10.1.0.3"), Set.copyOf(ips));
            firsts.add(ips.get(0));
        }
        assertEquals(2, firsts.size(), "round robin");
    }

    @Test
    void forwardsOtherNamesToItsUpstreamOverUdpAndTcp() throws Exception {
        try (DatagramSocket upstreamUdp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             ServerSocket upstreamTcp = new ServerSocket(upstreamUdp.getLocalPort(), 5, InetAddress.getLoopbackAddress())) {
            Thread udp = answering(upstreamUdp);
            Thread tcp = answeringTcp(upstreamTcp);
            InetSocketAddress upstream = new InetSocketAddress("127.0.0.1", upstreamUdp.getLocalPort());
            InetSocketAddress silent = new InetSocketAddress("127.0.0.1", freeUdpPort());
            // a dead first upstream is skipped
            InetSocketAddress[] at = serve(new ResolverScope(List.of(NET), Map.of(), List.of(silent, upstream)));

            Message reply = DnsQueries.udp(at[0], query("example.org", Type.A));
            assertNotNull(reply);
            assertEquals(List.of("192.0.2.99"), answers(reply));
            assertEquals(List.of("192.0.2.99"), answers(DnsQueries.tcp(at[1], query("example.org", Type.A))));
            udp.interrupt();
            tcp.interrupt();
        }
    }

    @Test
    void answersServerFailureWhenNoUpstreamAnswers() throws IOException {
        InetSocketAddress refused = new InetSocketAddress("127.0.0.1", freeUdpPort());
        InetSocketAddress[] at = serve(new ResolverScope(List.of(NET), Map.of(), List.of(refused)));
        Message reply = DnsQueries.udp(at[0], query("example.org", Type.A));
        assertEquals(Rcode.SERVFAIL, reply.getRcode());
    }

    @Test
    void aStoppedResolverNoLongerAnswers() throws IOException {
        names.refresh(network(), List.of(container("a".repeat(64), "web", "10.1.0.2")));
        InetSocketAddress[] at = serve(new ResolverScope(List.of(NET), Map.of(), List.of()));
        assertNotNull(DnsQueries.udp(at[0], query("web", Type.A)));
        server.stop("c1");
        assertEquals(null, DnsQueries.udp(at[0], query("web", Type.A)));
        assertNotEquals(true, server.serves("c1"));
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** An upstream that answers every A query with 192.0.2.99. */
    private static byte[] upstreamReply(byte[] query) throws IOException {
        Message q = new Message(query);
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.addRecord(q.getQuestion(), Section.QUESTION);
        r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60, InetAddress.getByName("192.0.2.99")),
                Section.ANSWER);
        return r.toWire();
    }

    private static Thread answering(DatagramSocket s) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(new byte[512], 512);
                    s.receive(p);
                    byte[] reply = upstreamReply(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                    s.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                }
            } catch (IOException e) {
                // closed
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Thread answeringTcp(ServerSocket server) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    try (Socket c = server.accept()) {
                        DataInputStream in = new DataInputStream(c.getInputStream());
                        byte[] query = new byte[in.readUnsignedShort()];
                        in.readFully(query);
                        byte[] reply = upstreamReply(query);
                        DataOutputStream out = new DataOutputStream(c.getOutputStream());
                        out.writeShort(reply.length);
                        out.write(reply);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // closed
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
