package io.linnet.api.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.linnet.engine.testing.FakeEngineResourceTest;
import io.linnet.engine.testing.FakeRegistry;
import io.linnet.http.InMemoryApi.Answer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /auth} (docker login) and {@code GET /distribution/{name}/json}. */
class RegistryResourcesTest extends FakeEngineResourceTest {

    @BeforeAll
    static void serveResources() {
        serve(new AuthResource(engine.registry()), new DistributionResource(engine.registry()));
    }

    @Test
    void loginAnswersTheRegistrysVerdict() {
        Answer ok = api.post("/auth", "{\"username\":\"alice\",\"password\":\"secret\",\"serveraddress\":\"r.io\"}");
        assertEquals(200, ok.status());
        assertEquals("Login Succeeded", ok.json().path("Status").asText());
        assertEquals("ecila", ok.json().path("IdentityToken").asText());

        Answer refused = api.post("/auth", "{\"username\":\"alice\",\"password\":\"guess\",\"serveraddress\":\"r.io\"}");
        assertEquals(401, refused.status());
        assertEquals("unauthorized: incorrect username or password", refused.message());
        assertEquals(400, api.post("/auth", "{\"username\":").status());
    }

    @Test
    void distributionInspectTakesNamesWithSlashes() {
        engine.registry().putManifest("localhost:5000/team/app:latest",
                FakeRegistry.singlePlatform("sha256:" + "a".repeat(64), 1234));

        Answer inspect = api.get("/distribution/localhost:5000/team/app/json");
        assertEquals(200, inspect.status(), inspect.body());
        JsonNode json = inspect.json();
        assertEquals("sha256:" + "a".repeat(64), json.path("Descriptor").path("digest").asText());
        assertEquals(1234, json.path("Descriptor").path("size").asLong());
        assertEquals("amd64", json.path("Platforms").get(0).path("architecture").asText());
        assertEquals(false, json.path("Platforms").get(0).has("variant"), "empty fields left out");
        assertEquals(404, api.get("/distribution/busybox/json").status());
    }
}
