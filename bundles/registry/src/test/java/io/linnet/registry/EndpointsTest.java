package io.linnet.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** dockerd's rules for insecure registries (names and CIDRs), endpoint order and mirrors. */
class EndpointsTest {

    private static List<InetAddress> resolve(String host) {
        try {
            return switch (host) {
                case "inside.example" -> List.of(InetAddress.getByName("172.30.4.5"));
                case "outside.example" -> List.of(InetAddress.getByName("10.1.2.3"));
                case "localhost" -> List.of(InetAddress.getByName("127.0.0.1"));
                default -> host.matches("[0-9.:a-f]+") ? List.of(InetAddress.getByName(host)) : List.of();
            };
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Endpoints endpoints(List<String> insecure, List<String> mirrors) {
        return new Endpoints(insecure, mirrors, EndpointsTest::resolve);
    }

    private static List<String> order(Endpoints e, String domain, boolean push) {
        return e.endpoints(domain, push).stream().map(x -> x.base() + (x.mirror() ? " mirror" : "")
                + (x.verifyTls() ? "" : " noverify")).toList();
    }

    @Test
    void cidrMatchingIpv4AndIpv6() throws Exception {
        Cidr net = Cidr.parse("172.30.0.0/16");
        assertTrue(net.contains(InetAddress.getByName("172.30.255.1")));
        assertFalse(net.contains(InetAddress.getByName("172.31.0.1")));
        assertFalse(net.contains(InetAddress.getByName("::1")));
        assertEquals("10.0.0.0/8", Cidr.parse("10.1.2.3/8").text());
        assertEquals("0.0.0.0/0", Cidr.parse("0.0.0.0/0").text());
        assertTrue(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8")));
        Cidr v6 = Cidr.parse("fd00::/8");
        assertTrue(v6.contains(InetAddress.getByName("fd12::1")));
        assertFalse(v6.contains(InetAddress.getByName("fe80::1")));
        assertEquals(null, Cidr.parse("myhost:5000"));
        assertEquals(null, Cidr.parse("10.0.0.1"));
        assertEquals(null, Cidr.parse("10.0.0.0/33"));
    }

    @Test
    void loopbackIsInsecureAndTriedInHttpsThenHttp() {
        Endpoints e = endpoints(List.of(), List.of());
        assertEquals(List.of("127.0.0.0/8"), e.insecureCidrs());
        assertEquals(List.of("https://127.0.0.1:5000 noverify", "http://127.0.0.1:5000 noverify"),
                order(e, "127.0.0.1:5000", false));
        assertEquals(List.of("https://localhost:5000 noverify", "http://localhost:5000 noverify"),
                order(e, "localhost:5000", true));
        assertEquals(List.of("https://outside.example:5000"), order(e, "outside.example:5000", false));
    }

    @Test
    void insecureByCidrByAddressOfTheName() {
        Endpoints e = endpoints(List.of("172.30.0.0/16"), List.of());
        assertEquals(List.of("172.30.0.0/16", "127.0.0.0/8"), e.insecureCidrs());
        assertFalse(e.secure("inside.example:5000"));
        assertFalse(e.secure("172.30.9.9:5000"));
        assertTrue(e.secure("outside.example"));
        assertTrue(e.secure("unresolvable.example:5000"));
        assertEquals(List.of("https://inside.example:5000 noverify", "http://inside.example:5000 noverify"),
                order(e, "inside.example:5000", false));
    }

    @Test
    void insecureByNameIsAnIndexConfig() {
        Endpoints e = endpoints(List.of("myhost:5000", "10.9.0.0/16"), List.of());
        assertFalse(e.secure("myhost:5000"));
        assertTrue(e.secure("myhost:5001"));
        assertEquals(Map.of("myhost:5000", false, "docker.io", true), e.indexes());
        assertEquals(List.of("10.9.0.0/16", "127.0.0.0/8"), e.insecureCidrs());
    }

    @Test
    void hubPullsTryMirrorsInOrderThenRegistry1PushesNever() {
        Endpoints e = endpoints(List.of(), List.of("http://127.0.0.1:5001/", "https://mirror.example/"));
        assertEquals(List.of("http://127.0.0.1:5001 mirror noverify", "https://mirror.example mirror",
                "https://registry-1.docker.io"), order(e, "docker.io", false));
        assertEquals(List.of("https://registry-1.docker.io"), order(e, "docker.io", true));
        assertEquals(List.of("https://outside.example"), order(e, "outside.example", false));
    }
}
