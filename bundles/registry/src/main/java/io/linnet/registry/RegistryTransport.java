package io.linnet.registry;

import io.linnet.engine.api.ForbiddenException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.UnauthorizedException;
import io.linnet.engine.api.registry.RegistryAuth;
import io.linnet.engine.api.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP exchange with one registry for one repository scope: the Authorization header learnt
 * once from the registry's challenge, a 401 answered once, redirects followed (without the
 * registry's credentials off its host), and Go's words for what fails, as dockerd prints them.
 */
final class RegistryTransport {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);
    static final Duration SHORT = Duration.ofSeconds(60);
    private static final int MAX_REDIRECTS = 5;

    private final HttpClient http;
    private final URI base;
    private final String scope;
    private final Authenticator authenticator;
    private volatile String authorization;

    RegistryTransport(HttpClient http, URI base, RegistryAuth auth, String scope) {
        this.http = http;
        this.base = base;
        this.scope = scope;
        this.authenticator = new Authenticator(http, auth);
    }

    /** The Authorization header requests carry now (null before any challenge). */
    String authorization() {
        return authorization;
    }

    /** GET /v2/: reachable, and which authentication it wants (answered at once, saving a 401 per request). */
    void ping() {
        URI uri = base.resolve("/v2/");
        HttpResponse<InputStream> response = call("GET", uri, () -> HttpRequest.newBuilder(uri).timeout(SHORT).GET(),
                BoundedBodies.handler(), false);
        BoundedBodies.discard(response);
        if (response.statusCode() == 401) {
            authorization = answer(response, "GET", uri, false);
        } else if (response.statusCode() / 100 != 2) {
            LOG.debug("registry {} answered /v2/ with {}", base, response.statusCode());
        }
    }

    /**
     * Sends with the session's authorization; a 401 is answered once (a token for this scope, or
     * basic credentials) and the request sent again. Redirects (blob storage elsewhere) are followed
     * without the registry's credentials when they leave the registry's host.
     */
    HttpResponse<InputStream> send(String method, URI uri, Supplier<HttpRequest.Builder> request) {
        HttpResponse<InputStream> response = call(method, uri, request, HttpResponse.BodyHandlers.ofInputStream(), true);
        if (response.statusCode() == 401) {
            drain(response.body());
            authorization = answer(response, method, uri, true);
            response = call(method, uri, request, HttpResponse.BodyHandlers.ofInputStream(), true);
        }
        URI current = uri;
        for (int i = 0; i < MAX_REDIRECTS && isRedirect(response.statusCode()); i++) {
            String location = response.headers().firstValue("Location").orElse(null);
            if (location == null) {
                break;
            }
            drain(response.body());
            URI next = current.resolve(location);
            boolean sameHost = next.getAuthority() != null && next.getAuthority().equals(base.getAuthority());
            HttpRequest.Builder b = HttpRequest.newBuilder(next).method(method, HttpRequest.BodyPublishers.noBody());
            current = next;
            response = call(method, next, () -> b, HttpResponse.BodyHandlers.ofInputStream(), sameHost);
        }
        return response;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private String answer(HttpResponse<?> response, String method, URI uri, boolean required) {
        List<Challenge> challenges = Challenge.parseAll(response.headers().allValues("WWW-Authenticate"));
        try {
            Authenticator.Answer answer = authenticator.answer(challenges, scope, method, uri);
            if (answer.authorization() == null && required) {
                // dockerd answers 500 here, not 401: a 401 would make the CLI prompt for a login
                throw new RegistryException(answer.failure());
            }
            return answer.authorization();
        } catch (UnauthorizedException refused) {
            throw new UnauthorizedException(op(method) + " \"" + uri + "\": " + refused.getMessage());
        } catch (IOException e) {
            throw new RegistryException(op(method) + " \"" + uri + "\": " + describe(e, uri), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted", e);
        }
    }

    private <T> HttpResponse<T> call(String method, URI uri, Supplier<HttpRequest.Builder> request,
            HttpResponse.BodyHandler<T> handler, boolean withAuth) {
        HttpRequest.Builder b = request.get().header("User-Agent", RegistryHttpClient.USER_AGENT);
        String auth = authorization;
        if (withAuth && auth != null) {
            b.header("Authorization", auth);
        }
        try {
            return http.send(b.build(), handler);
        } catch (IOException e) {
            throw new RegistryException(op(method) + " \"" + uri + "\": " + describe(e, uri), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(method + " \"" + uri + "\": interrupted", e);
        }
    }

    /** Go's wording for the usual network failures, as dockerd prints them. */
    static String op(String method) {
        return method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
    }

    static String describe(IOException e, URI uri) {
        String dial = "dial tcp " + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort()
                : "https".equals(uri.getScheme()) ? 443 : 80) + ": ";
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof HttpConnectTimeoutException) {
            return dial + "i/o timeout";
        }
        if (e instanceof ConnectException || root instanceof ConnectException) {
            return dial + "connect: connection refused";
        }
        if (e instanceof HttpTimeoutException) {
            return "net/http: request canceled (Client.Timeout exceeded while awaiting headers)";
        }
        if (root instanceof java.nio.channels.UnresolvedAddressException || root instanceof java.net.UnknownHostException) {
            return "dial tcp: lookup " + uri.getHost() + ": no such host";
        }
        String message = e.getMessage() != null ? e.getMessage() : root.toString();
        String rootMessage = String.valueOf(root.getMessage());
        if (rootMessage.contains("nrecognized SSL message") || message.contains("nrecognized SSL message")) {
            return "http: server gave HTTP response to HTTPS client"; // Go's net/http wording
        }
        return message.toLowerCase(Locale.ROOT).contains("ssl") || root instanceof javax.net.ssl.SSLException
                ? "http: server gave HTTP response to HTTPS client or TLS failed: " + message : message;
    }

    static void failUnlessOk(int status, byte[] body, String method, URI uri) {
        if (status / 100 == 2) {
            return;
        }
        String text = op(method) + " \"" + uri + "\": " + RegistryErrors.text(status, body);
        switch (status) {
            case 401 -> throw new UnauthorizedException(text);
            case 403 -> throw new ForbiddenException(text);
            case 404 -> throw new NotFoundException(text);
            default -> throw new RegistryException(text);
        }
    }

    static byte[] drain(InputStream in) {
        try (in) {
            return in.readNBytes(64 * 1024);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to read
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
