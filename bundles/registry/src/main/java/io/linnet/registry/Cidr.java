package io.linnet.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network ("172.30.0.0/16", "fd00::/8") and whether an address lies in it. */
record Cidr(byte[] network, int prefix, String text) {

    /** The network, with Go's canonical text (host bits cleared), or null when the text is no CIDR. */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String address = text.substring(0, slash);
        if (!address.matches("[0-9.]+") && !address.contains(":")) {
            return null; // a name, never resolved here
        }
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            return null;
        }
        byte[] net = mask(bytes, prefix);
        try {
            String canonical = InetAddress.getByAddress(net).getHostAddress();
            if (net.length == 16) {
                canonical = canonical.replaceAll("(^|:)0(:0)+(:|$)", "::").replaceFirst(":::", "::");
            }
            return new Cidr(net, prefix, canonical + "/" + prefix);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        return java.util.Arrays.equals(mask(a, prefix), network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - bits)));
        }
        return out;
    }
}
