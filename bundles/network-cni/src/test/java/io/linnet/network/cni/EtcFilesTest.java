package io.linnet.network.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linnet.engine.api.InvalidParameterException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcFilesTest {

    @Test
    void loopbackResolversAreDroppedAndGoogleIsTheFallback() {
        String host = "# generated\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lan\n";
        assertEquals("search lan\nnameserver 8.8.8.8\nnameserver 8.8.4.4\noptions edns0 trust-ad\n",
                EtcFiles.resolvConf(host, List.of(), List.of(), List.of(), false));
    }

    @Test
    void hostResolversThatWorkInTheContainerStay() {
        assertEquals("nameserver 10.0.0.2\n",
                EtcFiles.resolvConf("nameserver 127.0.0.1\nnameserver 10.0.0.2\n", List.of(), List.of(), List.of(), false));
    }

    @Test
    void hostModeKeepsLoopbackResolvers() {
        assertEquals("nameserver 127.0.0.53\n",
                EtcFiles.resolvConf("nameserver 127.0.0.53\n", List.of(), List.of(), List.of(), true));
    }

    @Test
    void dnsSettingsReplaceTheHostsLines() {
        assertEquals("search a.example b.example\nnameserver 1.1.1.1\noptions ndots:3\n",
                EtcFiles.resolvConf("nameserver 10.0.0.2\nsearch lan\noptions rotate\n", List.of("1.1.1.1"),
                        List.of("a.example", "b.example"), List.of("ndots:3"), false));
        assertEquals("nameserver 10.0.0.2\n",
                EtcFiles.resolvConf("nameserver 10.0.0.2\nsearch lan\n", List.of(), List.of("."), List.of(), false));
    }

    @Test
    void theEmbeddedServerReplacesIpv4NameserversAndSetsNdotsZero() {
        String plain = "search lan\nnameserver 10.0.0.2\nnameserver 2001:db8::53\noptions edns0\n";
        assertEquals("search lan\nnameserver 127.0.0.11\nnameserver 2001:db8::53\noptions edns0 ndots:0\n",
                EtcFiles.embeddedResolvConf(plain));
        assertEquals(List.of("10.0.0.2"), EtcFiles.ipv4Nameservers(plain));
        assertEquals("nameserver 127.0.0.11\noptions ndots:0\n", EtcFiles.embeddedResolvConf("nameserver 1.1.1.1\n"));
        assertEquals("nameserver 127.0.0.11\noptions ndots:3\n",
                EtcFiles.embeddedResolvConf("nameserver 1.1.1.1\noptions ndots:3\n"), "the container's own ndots stays");
    }

    @Test
    void hostsHaveDefaultsExtraHostsTheContainerThenPeers() {
        String hosts = EtcFiles.hosts(List.of("db:10.0.0.9", "gw:host-gateway", "v6:fe80::1"), "172.30.0.1",
                List.of(new EtcFiles.HostEntry("172.30.0.2", List.of("abc"))),
                List.of(new EtcFiles.HostEntry("10.213.0.3", List.of("web", "alias", "0123456789ab"))));
        assertEquals(String.join("\n", EtcFiles.DEFAULT_HOSTS) + "\n10.0.0.9\tdb\n172.30.0.1\tgw\nfe80::1\tv6\n"
                + "172.30.0.2\tabc\n10.213.0.3\tweb alias 0123456789ab\n", hosts);
    }

    @Test
    void badExtraHostsAreRefused() {
        assertThrows(InvalidParameterException.class, () -> EtcFiles.parseExtraHost("nohost"));
        assertThrows(InvalidParameterException.class, () -> EtcFiles.parseExtraHost("x:not an ip"));
    }
}
