package io.linnet.api.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linnet.engine.testing.FakeEngineResourceTest;
import io.linnet.http.InMemoryApi.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The /volumes routes as a client sees them: status codes, dockerd's texts, filters, API-versioned prune. */
class VolumesResourceTest extends FakeEngineResourceTest {

    @BeforeAll
    static void serveResources() {
        serve(new VolumesResource(engine.volumes()));
    }

    @Test
    void createAnswers201AndInspectShowsTheVolume() {
        Answer created = api.post("/volumes/create", "{\"Name\":\"data\",\"Labels\":{\"team\":\"a\"}}");
        assertEquals(201, created.status());
        assertEquals("data", created.json().path("Name").asText());
        assertEquals("local", created.json().path("Driver").asText());

        Answer inspect = api.get("/volumes/data");
        assertEquals(200, inspect.status());
        assertEquals("a", inspect.json().path("Labels").path("team").asText());
        assertTrue(inspect.json().path("Options").isNull(), "no options given: null, as dockerd");
    }

    @Test
    void createWithoutABodyMakesAnAnonymousVolume() {
        Answer created = api.post("/volumes/create");
        assertEquals(201, created.status());
        assertEquals(64, created.json().path("Name").asText().length());
    }

    @Test
    void createRefusesAsDockerd() {
        assertError(400, "create a/b: \"a/b\" includes invalid characters for a local volume name, only "
                + "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute "
                + "path", api.post("/volumes/create", "{\"Name\":\"a/b\"}"));
        assertError(400, "unsupported Content-Type header (text/plain): must be 'application/json'",
                api.send("POST", "/volumes/create", "text/plain", "{}"));
        assertEquals(400, api.post("/volumes/create", "{\"Name\":").status());
        assertError(503, "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to "
                + "connect this node to swarm and try again.", api.post("/volumes/create",
                "{\"Name\":\"c\",\"ClusterVolumeSpec\":{}}"));
    }

    @Test
    void removeAnswersNotFoundUnlessForcedAndConflictWhileInUse() {
        api.post("/volumes/create", "{\"Name\":\"data\"}");
        engine.volumes().setUsers("data", 1);

        assertError(409, "remove data: volume is in use - [fake]", api.delete("/volumes/data"));
        engine.volumes().setUsers("data", 0);
        assertEquals(204, api.delete("/volumes/data").status());
        assertError(404, "get data: no such volume", api.delete("/volumes/data"));
        assertEquals(204, api.delete("/volumes/data?force=true").status());
        assertError(404, "get data: no such volume", api.get("/volumes/data"));
    }

    @Test
    void listFiltersAreDockersJson() {
        api.post("/volumes/create", "{\"Name\":\"data\",\"Labels\":{\"team\":\"a\"}}");
        api.post("/volumes/create", "{\"Name\":\"logs\"}");
        engine.volumes().setUsers("logs", 1);

        assertEquals(List.of("data", "logs"), names(api.get("/volumes")));
        assertEquals(List.of("data"), names(api.get("/volumes?filters=" + query("{\"label\":[\"team\"]}"))));
        assertEquals(List.of("data"), names(api.get("/volumes?filters=" + query("{\"dangling\":[\"1\"]}"))));
        assertError(400, "error reading volume filters: invalid filter",
                api.get("/volumes?filters=" + query("{\"dangling\":")));
    }

    @Test
    void pruneTakesOnlyAnonymousVolumesFromApi142On() {
        api.post("/volumes/create", "{\"Name\":\"named\"}");
        String anonymous = api.post("/volumes/create").json().path("Name").asText();

        Answer prune = api.post("/volumes/prune");
        assertEquals(200, prune.status());
        assertEquals(List.of(anonymous), texts(prune));
        assertEquals(List.of("named"), texts(api.post("/v1.41/volumes/prune")));
    }

    private static List<String> names(Answer answer) {
        assertEquals(200, answer.status(), answer.body());
        List<String> names = new ArrayList<>();
        answer.json().path("Volumes").forEach(v -> names.add(v.path("Name").asText()));
        return names;
    }

    private static List<String> texts(Answer prune) {
        List<String> out = new ArrayList<>();
        prune.json().path("VolumesDeleted").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String query(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }
}
