package io.linnet.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void bearerWithQuotedParameters() {
        List<Challenge> c = Challenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/busybox:pull,push\"");
        assertEquals(1, c.size());
        assertEquals("bearer", c.get(0).scheme());
        assertEquals("https://auth.docker.io/token", c.get(0).parameter("realm"));
        assertEquals("registry.docker.io", c.get(0).parameter("service"));
        assertEquals("repository:library/busybox:pull,push", c.get(0).parameter("scope"));
    }

    @Test
    void basicAsTheDistributionRegistrySendsIt() {
        List<Challenge> c = Challenge.parse("Basic realm=\"Registry Realm\"");
        assertEquals(List.of(new Challenge("basic", java.util.Map.of("realm", "Registry Realm"))), c);
    }

    @Test
    void severalChallengesTokensEscapesAndCase() {
        List<Challenge> c = Challenge.parse("Negotiate, BASIC realm=plain , Bearer realm=\"a\\\"b\", error=\"invalid_token\"");
        assertEquals(3, c.size());
        assertEquals("negotiate", c.get(0).scheme());
        assertTrue(c.get(0).parameters().isEmpty());
        assertEquals("plain", c.get(1).parameter("realm"));
        assertEquals("a\"b", c.get(2).parameter("REALM"));
        assertEquals("invalid_token", c.get(2).parameter("error"));
    }

    @Test
    void emptyAndGarbage() {
        assertTrue(Challenge.parse(null).isEmpty());
        assertTrue(Challenge.parse("").isEmpty());
        assertEquals("bearer", Challenge.parseAll(List.of("", "Bearer")).get(0).scheme());
    }

    @Test
    void endpointsLoopbackIsPlainHttpHubIsRegistry1() {
        Endpoints e = new Endpoints(Set.of("myhost:5000"));
        assertEquals("https://registry-1.docker.io", e.endpoints("docker.io", false).get(0).base().toString());
        assertEquals("docker.io", Endpoints.domainOf("https://index.docker.io/v1/"));
        assertEquals("docker.io", Endpoints.domainOf(""));
        assertEquals("localhost:5000", Endpoints.domainOf("http://localhost:5000/v2/"));
    }

    @Test
    void registryErrorTextsAsDistributionsErrcode() {
        byte[] body = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{}}]}"
                .getBytes();
        assertEquals("manifest unknown: manifest unknown", RegistryErrors.text(404, body));
        assertEquals("unexpected status code 502 Bad Gateway", RegistryErrors.text(502, "<html>".getBytes()));
    }
}
