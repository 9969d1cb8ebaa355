package io.linnet.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.engine.api.UnauthorizedException;
import io.linnet.engine.api.registry.RegistryAuth;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;

/**
 * Turns a registry's challenge into an Authorization header: Basic with the user's credentials,
 * or Bearer with a token fetched from the challenge's realm (service and scope as parameters;
 * basic credentials or a refresh token to the token server, anonymous otherwise).
 */
final class Authenticator {
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final RegistryAuth auth;

    Authenticator(HttpClient http, RegistryAuth auth) {
        this.http = http;
        this.auth = auth;
    }

    /** The result of answering a challenge: a header, or why there is none. */
    record Answer(String authorization, String failure) {
    }

    /**
     * @param scope "repository:busybox:pull", or null for a login
     * @param url   the request that was challenged, for error texts
     */
    Answer answer(List<Challenge> challenges, String scope, String method, URI url) throws IOException,
            InterruptedException {
        for (Challenge c : challenges) {
            if (c.scheme().equals("bearer")) {
                if (auth.hasRegistryToken()) {
                    return new Answer("Bearer " + auth.registryToken(), null);
                }
                return new Answer("Bearer " + token(c, scope), null);
            }
        }
        for (Challenge c : challenges) {
            if (c.scheme().equals("basic")) {
                if (!auth.hasBasic()) {
                    return new Answer(null, RegistryTransport.op(method) + " \"" + url + "\": no basic auth credentials");
                }
                return new Answer(basic(auth.username(), auth.password()), null);
            }
        }
        return new Answer(null, RegistryTransport.op(method) + " \"" + url + "\": unsupported authentication challenge");
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + (password == null ? "" : password))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A bearer token for the scope. */
    String token(Challenge challenge, String scope) throws IOException, InterruptedException {
        JsonNode answer = fetch(challenge, scope);
        String token = answer.path("token").asText("");
        return token.isEmpty() ? answer.path("access_token").asText("") : token;
    }

    /** The token server's answer (token, access_token, refresh_token). */
    JsonNode fetch(Challenge challenge, String scope) throws IOException, InterruptedException {
        String realm = challenge.parameter("realm");
        if (realm == null || realm.isEmpty()) {
            throw new UnauthorizedException("bearer challenge without realm");
        }
        StringJoiner query = new StringJoiner("&");
        String service = challenge.parameter("service");
        if (service != null && !service.isEmpty()) {
            query.add("service=" + enc(service));
        }
        HttpRequest request;
        if (auth.hasIdentityToken()) {
            // OAuth2 refresh token grant, as the docker daemon uses an identity token
            StringJoiner form = new StringJoiner("&");
            form.add("grant_type=refresh_token").add("refresh_token=" + enc(auth.identityToken()))
                    .add("client_id=docker");
            if (service != null) {
                form.add("service=" + enc(service));
            }
            if (scope != null) {
                form.add("scope=" + enc(scope));
            }
            request = HttpRequest.newBuilder(URI.create(realm)).timeout(TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        } else {
            if (auth.hasBasic()) {
                query.add("account=" + enc(auth.username())); // as dockerd asks
            }
            if (scope != null) {
                query.add("scope=" + enc(scope));
            } else {
                query.add("offline_token=true").add("client_id=docker");
            }
            URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
            if (auth.hasBasic()) {
                b.header("Authorization", basic(auth.username(), auth.password()));
            }
            request = b.build();
        }
        HttpResponse<java.io.InputStream> response = http.send(request, BoundedBodies.handler());
        if (response.statusCode() != 200) {
            // the caller names its own request, as Go's url.Error does around the token fetch
            throw new UnauthorizedException(RegistryErrors.text(response.statusCode(), BoundedBodies.discard(response)));
        }
        return JSON.readTree(BoundedBodies.read(response, BoundedBodies.JSON_LIMIT, "the token answer of " + realm));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
