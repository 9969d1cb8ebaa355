package io.linnet.network.cni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Ipv6Test {

    @Test
    void addressesArePrintedAsGoPrintsThem() {
        assertEquals("2001:db8:1::1", Ipv6.normalize("2001:DB8:1:0:0:0:0:1"));
        assertEquals("::1", Ipv6.normalize("0:0:0:0:0:0:0:1"));
        assertEquals("::", Ipv6.normalize("::"));
        assertEquals("2001:db8::1:0:0:1", Ipv6.normalize("2001:db8:0:0:1:0:0:1"), "the first of equal runs");
        assertEquals("2001:db8:0:1:1:1:1:1", Ipv6.normalize("2001:db8::1:1:1:1:1"), "one zero group stays");
        assertEquals("fe80::", Ipv6.normalize("fe80:0::0"));
        assertFalse(Ipv6.isAddress("10.0.0.1"));
        assertFalse(Ipv6.isAddress("1::2::3"));
        assertFalse(Ipv6.isAddress("1:2:3:4:5:6:7:8:9"));
        assertFalse(Ipv6.isAddress("12345::"));
    }

    @Test
    void cidrArithmetic() {
        assertEquals("2001:db8:1::/64", Ipv6.canonical("2001:db8:1::17/64"));
        assertTrue(Ipv6.contains("2001:db8:1::/64", "2001:db8:1::ffff:1"));
        assertFalse(Ipv6.contains("2001:db8:1::/64", "2001:db8:2::1"));
        assertTrue(Ipv6.overlaps("2001:db8::/32", "2001:db8:1::/64"));
        assertFalse(Ipv6.overlaps("2001:db8:1::/64", "2001:db8:2::/64"));
        assertEquals("2001:db8:1::1", Ipv6.firstHost("2001:db8:1::/64"));
        assertArrayEquals(new String[] {"2001:db8:1::1", "2001:db8:1::ff"}, Ipv6.bounds("2001:db8:1::/120"));
        assertFalse(Ipv6.isCidr("2001:db8:1::/129"));
        assertFalse(Ipv6.isCidr("2001:db8:1::"));
    }
}
