package io.linnet.registry;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a registry is served and how it is spoken to, with dockerd's rules (registry/config.go,
 * registry/service_v2.go): Docker Hub ("docker.io") is registry-1.docker.io, tried after the
 * configured mirrors when pulling. A registry is insecure when its name is one of
 * {@code insecure-registries} or when one of its addresses lies in an insecure CIDR (127.0.0.0/8
 * always is); an insecure registry is tried in HTTPS without certificate checks first, then in
 * plain HTTP. Every other registry is spoken to in HTTPS only.
 */
class Endpoints {
    static final String HUB = "docker.io";
    static final String HUB_HOST = "registry-1.docker.io";
    static final String LOOPBACK = "127.0.0.0/8";

    /** One place to try: a mirror or the registry itself; TLS certificates checked or not. */
    record Endpoint(URI base, boolean mirror, boolean verifyTls) {
    }

    private final List<Cidr> insecureCidrs = new ArrayList<>();
    private final Map<String, Boolean> secureIndexes = new LinkedHashMap<>();
    private final List<String> mirrors;
    private final Function<String, List<InetAddress>> resolver;

    Endpoints(Collection<String> insecure) {
        this(insecure, List.of(), Endpoints::lookup);
    }

    /**
     * @param insecure {@code insecure-registries}: CIDRs or registry names (host[:port])
     * @param mirrors  {@code registry-mirrors} as the launcher validated them (dockerd's ValidateMirror: "scheme://host[:port]/")
     */
    Endpoints(Collection<String> insecure, List<String> mirrors, Function<String, List<InetAddress>> resolver) {
        this.mirrors = List.copyOf(mirrors);
        this.resolver = resolver;
        List<String> entries = new ArrayList<>(insecure);
        entries.add(LOOPBACK); // dockerd appends it to whatever is configured
        for (String entry : entries) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            Cidr cidr = Cidr.parse(e);
            if (cidr != null) {
                if (insecureCidrs.stream().noneMatch(c -> c.text().equals(cidr.text()))) {
                    insecureCidrs.add(cidr);
                }
            } else {
                secureIndexes.put(e, false);
            }
        }
        secureIndexes.putIfAbsent(HUB, true);
    }


    List<String> mirrors() {
        return mirrors;
    }

    /** InsecureRegistryCIDRs as docker info shows them: the configured ones, then 127.0.0.0/8. */
    List<String> insecureCidrs() {
        return insecureCidrs.stream().map(Cidr::text).toList();
    }

    /** IndexConfigs: docker.io, and every insecure registry named by host[:port], with its Secure flag. */
    Map<String, Boolean> indexes() {
        return secureIndexes;
    }

    /** The endpoints to try, in order, for a reference's domain; mirrors only for Docker Hub pulls. */
    List<Endpoint> endpoints(String domain, boolean push) {
        List<Endpoint> out = new ArrayList<>();
        String host = domain.equals(HUB) || domain.equals("index.docker.io") ? HUB_HOST : domain;
        if (host.equals(HUB_HOST)) {
            if (!push) {
                for (String m : mirrors) {
                    out.add(new Endpoint(URI.create(m.substring(0, m.length() - 1)), true, secure(hostPortOf(m))));
                }
            }
            out.add(new Endpoint(URI.create("https://" + HUB_HOST), false, true));
            return out;
        }
        if (secure(domain)) {
            out.add(new Endpoint(URI.create("https://" + host), false, true));
        } else {
            out.add(new Endpoint(URI.create("https://" + host), false, false));
            out.add(new Endpoint(URI.create("http://" + host), false, false));
        }
        return out;
    }

    /** dockerd's isSecureIndex: a named index's flag, else not in an insecure CIDR by any of its addresses. */
    boolean secure(String indexName) {
        String name = indexName.toLowerCase(Locale.ROOT);
        Boolean known = secureIndexes.get(name);
        if (known != null) {
            return known;
        }
        String host = hostOnly(name);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        List<InetAddress> addresses = isIpLiteral(host) ? literal(host) : resolver.apply(host);
        for (InetAddress a : addresses) {
            for (Cidr c : insecureCidrs) {
                if (c.contains(a)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isIpLiteral(String host) {
        return host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || (host.contains(":") && host.matches("[0-9a-fA-F:.]+"));
    }

    private static List<InetAddress> literal(String host) {
        try {
            return List.of(InetAddress.getByName(host)); // no lookup for a literal
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    private static String hostPortOf(String mirror) {
        return URI.create(mirror).getRawAuthority();
    }

    private static List<InetAddress> lookup(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of(); // dockerd: an unresolvable name is treated as secure
        }
    }

    /** A login's server address ("", "https://index.docker.io/v1/", "localhost:5000", "http://h:1/x") as a domain. */
    static String domainOf(String serverAddress) {
        if (serverAddress == null || serverAddress.isBlank()) {
            return HUB;
        }
        String s = serverAddress.trim();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        s = s.toLowerCase(Locale.ROOT);
        return s.equals("index.docker.io") || s.equals(HUB_HOST) ? HUB : s;
    }

    static String hostOnly(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end > 0 ? hostPort.substring(0, end + 1) : hostPort;
        }
        int colon = hostPort.lastIndexOf(':');
        return colon >= 0 && hostPort.indexOf(':') == colon ? hostPort.substring(0, colon) : hostPort;
    }
}
