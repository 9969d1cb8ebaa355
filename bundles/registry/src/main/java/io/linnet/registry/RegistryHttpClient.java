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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Registry HTTP API v2 on the JDK's HTTP client (HTTP/1.1; redirects followed by hand so
 * credentials never leave the registry's host).
 */
@Component(service = RegistryClient.class, configurationPid = "io.linnet.daemon",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class RegistryHttpClient implements RegistryClient {
    static final String USER_AGENT = "linnet/0.1.0";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpClient.class);

    private final HttpClient http;
    private final Endpoints endpoints;

    @Activate
    public RegistryHttpClient(RegistryConfig config) {
        this(Arrays.stream(config.insecureRegistries().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()));
    }

    RegistryHttpClient(Set<String> insecure) {
        this.endpoints = new Endpoints(insecure);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(15)).followRedirects(HttpClient.Redirect.NEVER).build();
        if (!insecure.isEmpty()) {
            LOG.info("insecure registries (plain HTTP): {}", insecure);
        }
    }

    @Override
    public RegistrySession open(ImageReference repository, RegistryAuth auth, boolean push) {
        URI base = endpoints.base(repository.domain());
        HttpRegistrySession session = new HttpRegistrySession(http, base, repository.domain(), repository.path(),
                auth == null ? RegistryAuth.NONE : auth, push);
        session.ping();
        return session;
    }

    @Override
    public String login(RegistryAuth auth) {
        String domain = Endpoints.domainOf(auth.serverAddress());
        URI v2 = endpoints.base(domain).resolve("/v2/");
        try {
            HttpResponse<byte[]> ping = http.send(HttpRequest.newBuilder(v2).timeout(Duration.ofSeconds(30))
                    .header("User-Agent", USER_AGENT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
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
                    var answer = authenticator.fetch(c, null);
                    return answer.path("refresh_token").asText("");
                }
            }
            if (!auth.hasBasic()) {
                throw new UnauthorizedException("login attempt to " + v2 + " failed with status: 401 Unauthorized");
            }
            HttpResponse<byte[]> checked = http.send(HttpRequest.newBuilder(v2).timeout(Duration.ofSeconds(30))
                    .header("User-Agent", USER_AGENT)
                    .header("Authorization", Authenticator.basic(auth.username(), auth.password())).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
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
            throw new RegistryException("Get \"" + v2 + "\": " + HttpRegistrySession.describe(e, v2), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("login interrupted", e);
        }
    }
}
