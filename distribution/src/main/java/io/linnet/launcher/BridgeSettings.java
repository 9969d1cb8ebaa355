package io.linnet.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * dockerd's settings of the default bridge network beyond its address and Linux bridge (fixed-cidr, ipv6,
 * fixed-cidr-v6, mtu, icc, ip, iptables, ip-forward) and the address pools networks without a subnet take
 * (default-address-pools), from flags or daemon.json, checked with dockerd's words. network-cni acts on them.
 *
 * @param mtu          0 for dockerd's 1500
 * @param ip           the host address {@code -p} binds when it names none (dockerd's --ip)
 * @param addressPools "base/prefix/size" items; empty for Linnet's own default pool
 */
record BridgeSettings(String fixedCidr, boolean ipv6, String fixedCidrV6, int mtu, boolean icc, String ip,
        boolean iptables, boolean ipForward, List<String> addressPools) {

    static BridgeSettings of(DaemonOptions.Settings s) {
        String ip = s.string("ip", "0.0.0.0");
        if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !ip.contains(":")) {
            throw new IllegalArgumentException("invalid IP address: " + ip);
        }
        return new BridgeSettings(s.string("fixed-cidr", ""), s.bool("ipv6"), s.string("fixed-cidr-v6", ""),
                s.atLeast("mtu", 0, 0, "invalid MTU"), switchOn(s, "icc"), ip, switchOn(s, "iptables"),
                switchOn(s, "ip-forward"), pools(s.get("default-address-pools")));
    }

    /** A switch that is on unless set to false (dockerd's icc, iptables, ip-forward). */
    private static boolean switchOn(DaemonOptions.Settings s, String key) {
        return !Boolean.FALSE.equals(s.optionalBool(key));
    }

    /**
     * daemon.json's {@code [{"base": "10.123.0.0/16", "size": 24}]} or the flag's {@code base=...,size=...} items,
     * checked as libnetwork's ipamutils splits them.
     */
    static List<String> pools(Object value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof List<?> items)) {
            throw new IllegalArgumentException("default-address-pools must be a list, not " + value);
        }
        for (Object item : items) {
            String base;
            Object size;
            if (item instanceof Map<?, ?> pool) {
                base = String.valueOf(pool.get("base"));
                size = pool.get("size");
            } else {
                Map<String, String> fields = new java.util.HashMap<>();
                for (String part : String.valueOf(item).split(",")) {
                    int eq = part.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("invalid field '" + part + "' must be a key=value pair");
                    }
                    fields.put(part.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT),
                            part.substring(eq + 1).strip());
                }
                base = fields.get("base");
                size = fields.get("size");
            }
            int prefix = prefixOf(base);
            int n;
            try {
                n = size instanceof Number number ? number.intValue() : Integer.parseInt(String.valueOf(size));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid pools size: " + size);
            }
            if (n <= 0 || n < prefix || n > 32) {
                throw new IllegalArgumentException("invalid pools size: " + n);
            }
            out.add(base + "/" + n);
        }
        return out;
    }

    /** The prefix length of an IPv4 CIDR (pools of other families are not served). */
    private static int prefixOf(String base) {
        String invalid = "invalid base pool \"" + base + "\": invalid CIDR address: " + base;
        if (base == null || !base.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
            throw new IllegalArgumentException(invalid);
        }
        for (String octet : base.substring(0, base.indexOf('/')).split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                throw new IllegalArgumentException(invalid);
            }
        }
        int prefix = Integer.parseInt(base.substring(base.indexOf('/') + 1));
        if (prefix > 32) {
            throw new IllegalArgumentException(invalid);
        }
        return prefix;
    }
}
