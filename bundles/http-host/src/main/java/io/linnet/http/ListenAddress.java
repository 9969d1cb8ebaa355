package io.linnet.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;

/** One {@code -H} address the daemon listens on: {@code unix:///path} or {@code tcp://host:port}. */
public sealed interface ListenAddress {

    record Unix(Path path) implements ListenAddress {
    }

    record Tcp(String host, int port) implements ListenAddress {
        /** Whether only this machine can reach the address (the only TCP case allowed without TLS). */
        public boolean isLoopback() {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }

    /** {@code fd://}: the listening socket systemd passed (moved to fd 0 by bin/linnetd). */
    record Inherited() implements ListenAddress {
    }

    /** Parses an address in dockerd's {@code -H} syntax; a bare path means a UNIX socket. */
    static ListenAddress parse(String text) {
        return parse(text, false);
    }

    /** As {@link #parse(String)}; a TCP address without a port gets dockerd's 2376 with TLS, else 2375. */
    static ListenAddress parse(String text, boolean tls) {
        String s = text.trim();
        if (s.startsWith("unix://")) {
            String path = s.substring("unix://".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("invalid host address " + text + ": empty socket path");
            }
            return new Unix(Path.of(path));
        }
        if (s.equals("fd://") || s.equals("fd://3")) {
            return new Inherited();
        }
        if (s.startsWith("/")) {
            return new Unix(Path.of(s));
        }
        if (s.startsWith("tcp://")) {
            URI uri = URI.create(s);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("invalid host address " + text);
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 2376 : 2375;
            return new Tcp(uri.getHost(), port);
        }
        throw new IllegalArgumentException("invalid host address " + text
                + ": only unix://, tcp:// and fd:// addresses are supported");
    }
}
