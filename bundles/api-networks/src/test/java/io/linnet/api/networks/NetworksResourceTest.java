package io.linnet.api.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.linnet.engine.testing.FakeEngineResourceTest;
import io.linnet.http.InMemoryApi.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The /networks routes as a client sees them: status codes, dockerd's texts, filters. */
class NetworksResourceTest extends FakeEngineResourceTest {

    @BeforeAll
    static void serveResources() {
        serve(new NetworksResource(engine.networks()));
    }

    @Test
    void createAnswers201AndInspectShowsTheSettings() {
        Answer created = api.post("/networks/create", "{\"Name\":\"backend\",\"Labels\":{\"team\":\"a\"},"
                + "\"IPAM\":{\"Config\":[{\"Subnet\":\"10.9.0.0/24\",\"Gateway\":\"10.9.0.1\"}]}}");
        assertEquals(201, created.status());
        assertEquals("", created.json().path("Warning").asText());
        String id = created.json().path("Id").asText();

        JsonNode inspect = api.get("/networks/backend").json();
        assertEquals(id, inspect.path("Id").asText());
        assertEquals("bridge", inspect.path("Driver").asText());
        assertEquals("a", inspect.path("Labels").path("team").asText());
        assertEquals("10.9.0.0/24", inspect.path("IPAM").path("Config").get(0).path("Subnet").asText());
        assertEquals(id, api.get("/networks/" + id.substring(0, 10)).json().path("Id").asText());
    }

    @Test
    void createRefusesAsDockerd() {
        api.post("/networks/create", "{\"Name\":\"backend\"}");

        assertError(409, "network with name backend already exists", api.post("/networks/create", "{\"Name\":\"backend\"}"));
        assertError(403, "operation is not permitted on predefined bridge network ",
                api.post("/networks/create", "{\"Name\":\"bridge\"}"));
        assertError(404, "plugin \"weave\" not found",
                api.post("/networks/create", "{\"Name\":\"w\",\"IPAM\":{\"Driver\":\"weave\"}}"));
        assertEquals(400, api.post("/networks/create", "{\"Name\":").status());
    }

    @Test
    void removeRefusesPredefinedAndUnknownNetworks() {
        api.post("/networks/create", "{\"Name\":\"backend\"}");

        assertEquals(204, api.delete("/networks/backend").status());
        assertError(404, "network backend not found", api.delete("/networks/backend"));
        assertError(403, "host is a pre-defined network and cannot be removed", api.delete("/networks/host"));
    }

    @Test
    void connectNeedsAContainerAndShowsItOnInspect() {
        api.post("/networks/create", "{\"Name\":\"backend\"}");

        assertError(400, "container is required", api.post("/networks/backend/connect", "{}"));
        assertEquals(200, api.post("/networks/backend/connect", "{\"Container\":\"web\","
                + "\"EndpointConfig\":{\"IPAMConfig\":{\"IPv4Address\":\"172.31.0.9\"}}}").status());
        assertEquals("172.31.0.9/16", api.get("/networks/backend").json().path("Containers").path("web")
                .path("IPv4Address").asText());
        assertEquals(0, api.get("/networks").json().get(3).path("Containers").size(), "list shows no containers");
        assertEquals(200, api.post("/networks/backend/disconnect", "{\"Container\":\"web\"}").status());
        assertError(404, "network nosuch not found", api.post("/networks/nosuch/connect", "{\"Container\":\"web\"}"));
    }

    @Test
    void listFiltersAreDockersJson() {
        api.post("/networks/create", "{\"Name\":\"backend\",\"Labels\":{\"team\":\"a\"}}");

        assertEquals(List.of("bridge", "host", "none", "backend"), names(api.get("/networks")));
        assertEquals(List.of("backend"), names(api.get("/networks?filters=" + query("{\"label\":[\"team=a\"]}"))));
        assertEquals(List.of("bridge", "host", "none"),
                names(api.get("/networks?filters=" + query("{\"type\":{\"builtin\":true}}"))));
        assertError(400, "Invalid filter 'colour'", api.get("/networks?filters=" + query("{\"colour\":[\"red\"]}")));
    }

    @Test
    void pruneRemovesUnusedUserNetworks() {
        api.post("/networks/create", "{\"Name\":\"idle\"}");
        api.post("/networks/create", "{\"Name\":\"used\"}");
        api.post("/networks/used/connect", "{\"Container\":\"web\"}");

        Answer prune = api.post("/networks/prune");
        assertEquals(200, prune.status());
        assertEquals("idle", prune.json().path("NetworksDeleted").get(0).asText());
        assertEquals(1, prune.json().path("NetworksDeleted").size());
    }

    @Test
    void pruneTakesOnlyWhatTheLabelFiltersAccept() {
        api.post("/networks/create", "{\"Name\":\"ci\",\"Labels\":{\"env\":\"ci\"}}");
        api.post("/networks/create", "{\"Name\":\"plain\"}");

        Answer kept = api.post("/networks/prune?filters=" + URLEncoder.encode("{\"label!\":[\"env=ci\"]}",
                StandardCharsets.UTF_8));
        assertEquals(200, kept.status());
        assertEquals(List.of("plain"), names(kept.json().path("NetworksDeleted")));
        Answer labelled = api.post("/networks/prune?filters=" + URLEncoder.encode("{\"label\":[\"env\"]}",
                StandardCharsets.UTF_8));
        assertEquals(List.of("ci"), names(labelled.json().path("NetworksDeleted")));
        assertError(400, "failed to parse value as time or duration: \"later\"", api.post("/networks/prune?filters="
                + URLEncoder.encode("{\"until\":[\"later\"]}", StandardCharsets.UTF_8)));
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> names(Answer answer) {
        assertEquals(200, answer.status(), answer.body());
        List<String> names = new ArrayList<>();
        answer.json().forEach(n -> names.add(n.path("Name").asText()));
        return names;
    }

    private static String query(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }
}
