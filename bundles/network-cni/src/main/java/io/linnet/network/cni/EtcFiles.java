package io.linnet.network.cni;

import java.util.ArrayList;
import java.util.List;

/** The text of a container's /etc/hosts and /etc/resolv.conf, as libnetwork writes them. */
final class EtcFiles {

    static final List<String> DEFAULT_HOSTS = List.of(
            "127.0.0.1\tlocalhost",
            "::1\tlocalhost ip6-localhost ip6-loopback",
            "fe00::0\tip6-localnet",
            "ff00::0\tip6-mcastprefix",
            "ff02::1\tip6-allnodes",
            "ff02::2\tip6-allrouters");
    static final List<String> FALLBACK_NAMESERVERS = List.of("8.8.8.8", "8.8.4.4");

    private EtcFiles() {
    }

    /** One line of /etc/hosts. */
    record HostEntry(String ip, List<String> names) {
    }

    /**
     * Defaults, ExtraHosts ({@code name:ip}, {@code host-gateway} replaced), the container's own
     * addresses, then the peers it can reach by name.
     */
    static String hosts(List<String> extraHosts, String hostGateway, List<HostEntry> own, List<HostEntry> peers) {
        StringBuilder b = new StringBuilder();
        DEFAULT_HOSTS.forEach(l -> b.append(l).append('\n'));
        for (String extra : extraHosts) {
            String[] kv = parseExtraHost(extra);
            String ip = kv[1].equals("host-gateway") ? hostGateway : kv[1];
            b.append(ip).append('\t').append(kv[0]).append('\n');
        }
        for (HostEntry e : own) {
            b.append(e.ip()).append('\t').append(String.join(" ", e.names())).append('\n');
        }
        for (HostEntry e : peers) {
            b.append(e.ip()).append('\t').append(String.join(" ", e.names())).append('\n');
        }
        return b.toString();
    }

    /** {@code host:ip} (the IP may be IPv6 with colons) → {host, ip}. */
    static String[] parseExtraHost(String extra) {
        int colon = extra.indexOf(':');
        if (colon <= 0 || colon == extra.length() - 1) {
            throw new io.linnet.engine.api.InvalidParameterException("invalid IP address in add-host: \"\"");
        }
        String host = extra.substring(0, colon);
        String ip = extra.substring(colon + 1);
        if (!ip.equals("host-gateway") && !ip.matches("[0-9a-fA-F:.]+")) {
            throw new io.linnet.engine.api.InvalidParameterException("invalid IP address in add-host: \"" + ip + "\"");
        }
        return new String[] {host, ip};
    }

    /**
     * The host's resolv.conf for a container in its own namespace: loopback nameservers removed (they
     * would point into the container), Google's servers when none is left; Dns, DnsSearch and
     * DnsOptions replace the host's lines of the same kind.
     */
    static String resolvConf(String hostResolvConf, List<String> dns, List<String> dnsSearch, List<String> dnsOptions,
            boolean keepLoopback) {
        List<String> nameservers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        List<String> options = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String raw : hostResolvConf.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            String[] words = line.split("\\s+");
            switch (words[0]) {
                case "nameserver" -> {
                    if (words.length > 1 && (keepLoopback || !isLoopback(words[1]))) {
                        nameservers.add(words[1]);
                    }
                }
                case "search", "domain" -> {
                    search.clear();
                    for (int i = 1; i < words.length; i++) {
                        search.add(words[i]);
                    }
                }
                case "options" -> {
                    for (int i = 1; i < words.length; i++) {
                        options.add(words[i]);
                    }
                }
                default -> other.add(line);
            }
        }
        if (!dns.isEmpty()) {
            nameservers = new ArrayList<>(dns);
        } else if (nameservers.isEmpty()) {
            nameservers.addAll(FALLBACK_NAMESERVERS);
        }
        if (!dnsSearch.isEmpty()) {
            search = dnsSearch.equals(List.of(".")) ? List.of() : new ArrayList<>(dnsSearch);
        }
        if (!dnsOptions.isEmpty()) {
            options = new ArrayList<>(dnsOptions);
        }
        StringBuilder b = new StringBuilder();
        if (!search.isEmpty()) {
            b.append("search ").append(String.join(" ", search)).append('\n');
        }
        nameservers.forEach(n -> b.append("nameserver ").append(n).append('\n'));
        if (!options.isEmpty()) {
            b.append("options ").append(String.join(" ", options)).append('\n');
        }
        other.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
    }

    /** Where containers on user networks send their queries: dockerd's embedded DNS server. */
    static final String EMBEDDED_DNS = "127.0.0.11";

    /**
     * dockerd's resolv.conf for a container served by the embedded DNS server, made from the one it would
     * have without (its IPv4 nameservers become the server's upstreams, IPv6 ones stay listed), with
     * {@code ndots:0} unless the container asked for a positive ndots (libnetwork's rebuildDNS).
     */
    static String embeddedResolvConf(String plain) {
        List<String> search = words(plain, "search");
        List<String> options = new ArrayList<>(words(plain, "options"));
        StringBuilder b = new StringBuilder();
        if (!search.isEmpty()) {
            b.append("search ").append(String.join(" ", search)).append('\n');
        }
        b.append("nameserver ").append(EMBEDDED_DNS).append('\n');
        words(plain, "nameserver").stream().filter(ns -> ns.contains(":"))
                .forEach(ns -> b.append("nameserver ").append(ns).append('\n'));
        boolean userNdots = options.stream().anyMatch(o -> o.startsWith("ndots:") && positive(o.substring(6)));
        if (!userNdots) {
            options.add("ndots:0");
        }
        b.append("options ").append(String.join(" ", options)).append('\n');
        return b.toString();
    }

    /** The IPv4 nameservers of a resolv.conf: the embedded DNS server's upstreams. */
    static List<String> ipv4Nameservers(String resolvConf) {
        return words(resolvConf, "nameserver").stream().filter(ns -> !ns.contains(":")).toList();
    }

    /** The words after {@code keyword} on the lines it starts (one word for nameserver lines). */
    private static List<String> words(String resolvConf, String keyword) {
        List<String> out = new ArrayList<>();
        for (String line : resolvConf.split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w[0].equals(keyword)) {
                for (int i = 1; i < w.length && (i == 1 || !keyword.equals("nameserver")); i++) {
                    out.add(w[i]);
                }
            }
        }
        return out;
    }

    private static boolean positive(String number) {
        try {
            return Integer.parseInt(number) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
