package io.linnet.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * DNS rebinding guard for the plain (loopback) TCP listener: a web page whose name the attacker re-points
 * at 127.0.0.1 reaches the port with its own name in {@code Host}. Requests over TCP are served
 * only when {@code Host} names localhost, a loopback address or the address listened on. UNIX
 * socket requests ({@code Host: docker}, {@code localhost}, ...) are not concerned: a browser
 * cannot reach them.
 *
 * <p>Refused with 403, not 400: the request is well formed, the daemon declines whom it comes from.
 */
final class HostCheck extends Handler.Wrapper {
    private final Set<String> listenHosts;

    HostCheck(Handler next, Set<String> listenHosts) {
        super(next);
        this.listenHosts = listenHosts.stream().map(HostCheck::normalize).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        // TLS listeners are reached by remote clients under any name; a browser cannot speak to them
        if (request.getConnectionMetaData().getConnector() instanceof NetworkConnector
                && !request.getConnectionMetaData().isSecure()) {
            String host = request.getHeaders().get(HttpHeader.HOST);
            if (!allowed(host)) {
                long length = request.getLength();
                if (length > 0 && length <= JsonBodyFilter.DRAIN_LIMIT) {
                    // read the (small) body first: closing on unread bytes would reset the answer away
                    Content.Source.consumeAll(request, Callback.from(() -> refuse(host, response, callback),
                            failed -> refuse(host, response, callback)));
                } else {
                    refuse(host, response, callback);
                }
                return true;
            }
        }
        return super.handle(request, response, callback);
    }

    private static void refuse(String host, Response response, Callback callback) {
        response.setStatus(403);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());
        String message = "refusing a request for host " + quote(host)
                + ": the TCP socket answers only to localhost, loopback addresses and its listen address";
        response.write(true, ByteBuffer.wrap(("{\"message\":" + quote(message) + "}\n")
                .getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** Whether the Host header (name or address, with any port) is one this daemon answers to. */
    boolean allowed(String header) {
        if (header == null) {
            return true; // HTTP/1.0 without Host: no browser sends that
        }
        String host = normalize(hostPart(header.trim()));
        if (host.isEmpty()) {
            return false;
        }
        if (host.equals("localhost") || listenHosts.contains(host)) {
            return true;
        }
        return isLoopbackLiteral(host);
    }

    /** The host of {@code host[:port]} or {@code [v6][:port]}. */
    static String hostPart(String header) {
        if (header.startsWith("[")) {
            int end = header.indexOf(']');
            return end < 0 ? "" : header.substring(1, end);
        }
        int colon = header.indexOf(':');
        if (colon >= 0 && header.indexOf(':', colon + 1) < 0) {
            return header.substring(0, colon);
        }
        return header; // no port, or a bare IPv6 address
    }

    /** An address literal only: a name is never resolved (resolving it is what rebinding exploits). */
    static boolean isLoopbackLiteral(String host) {
        boolean v4 = host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = host.indexOf(':') >= 0 && host.matches("[0-9a-f:.]+");
        if (!v4 && !v6) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static String quote(String s) {
        return s == null ? "\"\"" : JsonErrorHandler.quote(s);
    }
}
