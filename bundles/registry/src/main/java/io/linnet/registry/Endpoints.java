package io.linnet.registry;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Where a registry is served: Docker Hub's "docker.io" is registry-1.docker.io; loopback
 * registries and the daemon's {@code insecure-registries} are spoken to in plain HTTP (as dockerd
 * treats 127.0.0.0/8 and ::1 as insecure), every other one in HTTPS.
 */
final class Endpoints {
    static final String HUB = "docker.io";
    static final String HUB_HOST = "registry-1.docker.io";

    private final Set<String> insecure;

    Endpoints(Set<String> insecure) {
        this.insecure = insecure;
    }

    /** "http://127.0.0.1:5000" for a reference's domain. */
    URI base(String domain) {
        String host = domain.equals(HUB) || domain.equals("index.docker.io") ? HUB_HOST : domain;
        return URI.create((plainHttp(host) ? "http://" : "https://") + host);
    }

    boolean plainHttp(String hostPort) {
        String host = hostOnly(hostPort).toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]")) {
            return true;
        }
        return insecure.contains(hostPort.toLowerCase(Locale.ROOT)) || insecure.contains(host);
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
