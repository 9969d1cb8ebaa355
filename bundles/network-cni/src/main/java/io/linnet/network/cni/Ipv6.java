package io.linnet.network.cni;

import java.math.BigInteger;

/**
 * IPv6 arithmetic on addresses and CIDRs, written as Go's net.IP prints them (RFC 5952: lower case,
 * the longest run of zero groups as "::"), which is what dockerd shows and host-local names its files.
 */
final class Ipv6 {

    private static final BigInteger ALL = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private Ipv6() {
    }

    static boolean isAddress(String address) {
        try {
            parse(address);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static BigInteger parse(String address) {
        if (address == null || !address.contains(":") || !address.matches("[0-9a-fA-F:]+")) {
            throw new IllegalArgumentException("invalid IPv6 address: " + address);
        }
        int gap = address.indexOf("::");
        if (gap != address.lastIndexOf("::")) {
            throw new IllegalArgumentException("invalid IPv6 address: " + address);
        }
        String[] head = gap < 0 ? address.split(":", -1) : groups(address.substring(0, gap));
        String[] tail = gap < 0 ? new String[0] : groups(address.substring(gap + 2));
        if (gap < 0 ? head.length != 8 : head.length + tail.length > 7) {
            throw new IllegalArgumentException("invalid IPv6 address: " + address);
        }
        int[] g = new int[8];
        for (int i = 0; i < head.length; i++) {
            g[i] = group(head[i], address);
        }
        for (int i = 0; i < tail.length; i++) {
            g[8 - tail.length + i] = group(tail[i], address);
        }
        BigInteger v = BigInteger.ZERO;
        for (int x : g) {
            v = v.shiftLeft(16).or(BigInteger.valueOf(x));
        }
        return v;
    }

    private static String[] groups(String part) {
        return part.isEmpty() ? new String[0] : part.split(":", -1);
    }

    private static int group(String s, String address) {
        if (s.isEmpty() || s.length() > 4) {
            throw new IllegalArgumentException("invalid IPv6 address: " + address);
        }
        return Integer.parseInt(s, 16);
    }

    static String format(BigInteger v) {
        int[] g = new int[8];
        for (int i = 7; i >= 0; i--) {
            g[i] = v.and(BigInteger.valueOf(0xFFFF)).intValue();
            v = v.shiftRight(16);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    static boolean isCidr(String cidr) {
        try {
            network(cidr);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The network address of a CIDR (host bits cleared) and its prefix length. */
    static Network network(String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        }
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 0 || prefix > 128) {
            throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        }
        return new Network(parse(cidr.substring(0, slash)).and(mask(prefix)), prefix);
    }

    record Network(BigInteger address, int prefix) {
        BigInteger last() {
            return address.or(mask(prefix).xor(ALL));
        }
    }

    private static BigInteger mask(int prefix) {
        return ALL.shiftRight(prefix).xor(ALL);
    }

    static String canonical(String cidr) {
        Network n = network(cidr);
        return format(n.address()) + "/" + n.prefix();
    }

    static boolean contains(String cidr, String address) {
        Network n = network(cidr);
        return parse(address).and(mask(n.prefix())).equals(n.address());
    }

    static boolean overlaps(String a, String b) {
        Network x = network(a);
        Network y = network(b);
        BigInteger m = mask(Math.min(x.prefix(), y.prefix()));
        return x.address().and(m).equals(y.address().and(m));
    }

    /** The first address after the network's (dockerd's default gateway). */
    static String firstHost(String cidr) {
        return format(network(cidr).address().add(BigInteger.ONE));
    }

    /** First and last address host-local may hand out in a range (the network address excluded). */
    static String[] bounds(String cidr) {
        Network n = network(cidr);
        return new String[] {format(n.address().add(BigInteger.ONE)), format(n.last())};
    }

    /** The address as Go prints it ("2001:DB8:0::1" → "2001:db8::1"). */
    static String normalize(String address) {
        return format(parse(address));
    }
}
