package io.linnet.registry;

import io.linnet.engine.api.UnauthorizedException;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.registry.RegistryAuth;
import io.linnet.engine.api.registry.RegistryClient;
import io.linnet.engine.api.registry.RegistryException;
import io.linnet.engine.api.registry.RegistrySession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import io.linnet.engine.api.ForbiddenException;
import io.linnet.engine.api.registry.RegistryServiceInfo;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Registry HTTP API v2 on the JDK's HTTP client (HTTP/1.1; redirects followed by hand so
 * credentials never leave the registry's host).
 */
@Component(service = RegistryClient.class, configurationPid = "io.linnet.daemon.live",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class RegistryHttpClient implements RegistryClient {
    static final String USER_AGENT = "linnet/0.1.0";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpClient.class);
    private static final Duration INSECURE_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Duration insecureConnectTimeout;
    private volatile Endpoints endpoints; // replaced when the daemon reloads its configuration (SIGHUP)
    // Made at the first registry call, not at start: each has a selector thread, TLS needs crypto classes.
    private HttpClient http; // guarded by this
    private HttpClient unverified; // guarded by this

    @Activate
    public RegistryHttpClient(RegistryConfig config) {
        this(endpoints(config), INSECURE_CONNECT_TIMEOUT);
    }

    /** A reload (SIGHUP) brings new mirrors and insecure registries: sessions opened from now on use them. */
    @Modified
    void modified(RegistryConfig config) {
        Endpoints next = endpoints(config);
        this.endpoints = next;
        LOG.info("registries reloaded: insecure networks {}, indexes {}, mirrors {}", next.insecureCidrs(),
                next.indexes(), next.mirrors());
    }

    private static Endpoints endpoints(RegistryConfig config) {
        return new Endpoints(split(config.insecureRegistries()), split(config.registryMirrors()),
                RegistryHttpClient::lookup);
    }

    /** For tests: a plain-HTTP test server that never answers a TLS hello costs 2 s, not 10. */
    RegistryHttpClient(Set<String> insecure) {
        this(new Endpoints(insecure), Duration.ofSeconds(2));
    }

    /**
     * @param insecureConnectTimeout connection and TLS handshake limit for insecure registries
     *        (dockerd's TLSHandshakeTimeout is 10 s): a plain-HTTP server that does not answer a
     *        TLS hello delays the fallback to HTTP by this much
     */
    RegistryHttpClient(Endpoints endpoints, Duration insecureConnectTimeout) {
        this.endpoints = endpoints;
        this.insecureConnectTimeout = insecureConnectTimeout;
        LOG.info("registries: insecure networks {}, indexes {}, mirrors {}", endpoints.insecureCidrs(),
                endpoints.indexes(), endpoints.mirrors());
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<InetAddress> lookup(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    private synchronized HttpClient clientFor(Endpoints.Endpoint endpoint) {
        if (endpoint.verifyTls()) {
            if (http == null) {
                http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(15)).followRedirects(HttpClient.Redirect.NEVER).build();
            }
            return http;
        }
        if (unverified == null) {
            unverified = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(TrustAll.context()).connectTimeout(insecureConnectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return unverified;
    }

    /** The registry's own endpoints (no mirrors) in order; the first that answers /v2/ serves the session. */
    @Override
    public RegistrySession open(ImageReference repository, RegistryAuth auth, boolean push) {
        List<Endpoints.Endpoint> candidates = endpoints.endpoints(repository.domain(), push).stream()
                .filter(e -> !e.mirror()).toList();
        return openFirst(repository, auth, push, candidates);
    }

    private RegistrySession openFirst(ImageReference repository, RegistryAuth auth, boolean push,
            List<Endpoints.Endpoint> candidates) {
        RuntimeException last = null;
        for (Endpoints.Endpoint endpoint : candidates) {
            HttpRegistrySession session = new HttpRegistrySession(clientFor(endpoint), endpoint.base(),
                    repository.domain(), repository.path(), auth == null ? RegistryAuth.NONE : auth, push);
            try {
                session.ping();
                return session;
            } catch (UnauthorizedException | ForbiddenException e) {
                throw e; // credentials are wrong everywhere: dockerd stops here too
            } catch (RegistryException e) {
                LOG.debug("registry endpoint {} for {} failed, trying the next: {}", endpoint.base(),
                        repository.familiarRepository(), e.getMessage());
                last = e;
            }
        }
        throw last;
    }

    @Override
    public List<PullSource> pullSources(ImageReference repository, RegistryAuth auth) {
        List<PullSource> sources = new ArrayList<>();
        for (Endpoints.Endpoint endpoint : endpoints.endpoints(repository.domain(), false)) {
            if (endpoint.mirror()) {
                sources.add(new PullSource(endpoint.base() + "/", true,
                        () -> openFirst(repository, auth, false, List.of(endpoint))));
            }
        }
        sources.add(new PullSource(repository.domain(), false, () -> open(repository, auth, false)));
        return sources;
    }

    @Override
    public RegistryServiceInfo serviceInfo() {
        Map<String, RegistryServiceInfo.IndexInfo> indexes = new LinkedHashMap<>();
        endpoints.indexes().forEach((name, secure) -> indexes.put(name, new RegistryServiceInfo.IndexInfo(name,
                name.equals(Endpoints.HUB) ? endpoints.mirrors() : List.of(), secure, name.equals(Endpoints.HUB))));
        return new RegistryServiceInfo(endpoints.insecureCidrs(), indexes, endpoints.mirrors());
    }

    @Override
    public String login(RegistryAuth auth) {
        String domain = Endpoints.domainOf(auth.serverAddress());
        RuntimeException last = null;
        for (Endpoints.Endpoint endpoint : endpoints.endpoints(domain, true)) {
            try {
                return login(auth, clientFor(endpoint), endpoint.base().resolve("/v2/"));
            } catch (UnauthorizedException | ForbiddenException e) {
                throw e;
            } catch (RegistryException e) {
                LOG.debug("login to {} failed, trying the next endpoint: {}", endpoint.base(), e.getMessage());
                last = e;
            }
        }
        throw last;
    }

    private String login(RegistryAuth auth, HttpClient http, URI v2) {
        try {
            HttpResponse<java.io.InputStream> ping = http.send(HttpRequest.newBuilder(v2).timeout(Duration.ofSeconds(30))
                    .header("User-Agent", USER_AGENT).GET().build(), BoundedBodies.handler());
            BoundedBodies.discard(ping);
            if (ping.statusCode() / 100 == 2) {
                return ""; // the registry wants no credentials
            }
            if (ping.statusCode() != 401) {
                throw new RegistryException("login attempt to " + v2 + " failed with status: " + ping.statusCode()
                        + " " + RegistryErrors.reason(ping.statusCode()));
            }
            List<Challenge> challenges = Challenge.parseAll(ping.headers().allValues("WWW-Authenticate"));
            Authenticator authenticator = new Authenticator(http, auth);
            for (Challenge c : challenges) {
                if (c.scheme().equals("bearer")) {
                    try {
                        var answer = authenticator.fetch(c, null);
                        return answer.path("refresh_token").asText("");
                    } catch (UnauthorizedException refused) {
                        throw new UnauthorizedException("Get \"" + v2 + "\": " + refused.getMessage());
                    }
                }
            }
            if (!auth.hasBasic()) {
                throw new UnauthorizedException("login attempt to " + v2 + " failed with status: 401 Unauthorized");
            }
            HttpResponse<java.io.InputStream> checked = http.send(HttpRequest.newBuilder(v2).timeout(Duration.ofSeconds(30))
                    .header("User-Agent", USER_AGENT)
                    .header("Authorization", Authenticator.basic(auth.username(), auth.password())).GET().build(),
                    BoundedBodies.handler());
            BoundedBodies.discard(checked);
            if (checked.statusCode() / 100 == 2) {
                return "";
            }
            String failure = "login attempt to " + v2 + " failed with status: " + checked.statusCode() + " "
                    + RegistryErrors.reason(checked.statusCode());
            if (checked.statusCode() == 401) {
                throw new UnauthorizedException(failure);
            }
            throw new RegistryException(failure);
        } catch (IOException e) {
            throw new RegistryException("Get \"" + v2 + "\": " + RegistryTransport.describe(e, v2), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("login interrupted", e);
        }
    }
}
