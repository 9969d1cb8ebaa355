package io.linnet.network.cni;

/** IPv4 arithmetic on dotted quads and CIDRs. */
final class Ipv4 {

    private Ipv4() {
    }

    static long parse(String address) {
        String[] p = address.split("\\.");
        if (p.length != 4) {
            throw new IllegalArgumentException("invalid IPv4 address: " + address);
        }
        long v = 0;
        for (String s : p) {
            int b = Integer.parseInt(s);
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException("invalid IPv4 address: " + address);
            }
            v = (v << 8) | b;
        }
        return v;
    }

    static String format(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    static boolean isCidr(String cidr) {
        try {
            network(cidr);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {network address, prefix length} of a CIDR (host bits cleared). */
    static long[] network(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        }
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        }
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return new long[] {parse(cidr.substring(0, slash)) & mask, prefix};
    }

    static String canonical(String cidr) {
        long[] n = network(cidr);
        return format(n[0]) + "/" + n[1];
    }

    static boolean contains(String cidr, String address) {
        long[] n = network(cidr);
        long mask = n[1] == 0 ? 0 : (0xFFFFFFFFL << (32 - n[1])) & 0xFFFFFFFFL;
        return (parse(address) & mask) == n[0];
    }

    static boolean overlaps(String a, String b) {
        long[] x = network(a);
        long[] y = network(b);
        long prefix = Math.min(x[1], y[1]);
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (x[0] & mask) == (y[0] & mask);
    }

    /** First usable and last usable addresses of a CIDR (network and broadcast excluded). */
    static String[] bounds(String cidr) {
        long[] n = network(cidr);
        long size = 1L << (32 - n[1]);
        if (size <= 2) {
            return new String[] {format(n[0]), format(n[0] + size - 1)};
        }
        return new String[] {format(n[0] + 1), format(n[0] + size - 2)};
    }

    /** The first usable address: dockerd's default gateway. */
    static String firstHost(String cidr) {
        return bounds(cidr)[0];
    }
}
