package io.linnet.api.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.testing.FakeEngineResourceTest;
import io.linnet.http.InMemoryApi.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /images routes as a client sees them: names in paths, status codes, dockerd's texts, filters. */
class ImagesResourceTest extends FakeEngineResourceTest {
    private Image busybox;

    @BeforeAll
    static void serveResources() {
        serve(new ImagesResource(engine.images()));
    }

    @BeforeEach
    void images() {
        busybox = engine.images().add("busybox", 4_000_000);
    }

    @Test
    void listIsNewestFirstWithVirtualSizeOnlyBeforeApi143() {
        engine.images().add("alpine:3.19", 7_000_000);

        Answer list = api.get("/images/json");
        assertEquals(200, list.status());
        assertEquals(List.of("alpine:3.19", "busybox:latest"), tags(list.json()));
        assertFalse(list.json().get(0).has("VirtualSize"));
        assertEquals(7_000_000, api.get("/v1.42/images/json").json().get(0).path("VirtualSize").asLong());
    }

    @Test
    void listFiltersAreDockersJson() {
        engine.images().add("alpine:3.19", 7_000_000);

        assertEquals(List.of("busybox:latest"), tags(api.get("/images/json?filters="
                + query("{\"reference\":[\"busy*\"]}")).json()));
        assertEquals(400, api.get("/images/json?filters=" + query("[1]")).status());
    }

    @Test
    void inspectTakesNamesWithRegistryAndPathAndIds() {
        Image app = engine.images().add("localhost:5000/team/app:1", 10);

        assertEquals(busybox.id(), api.get("/images/busybox/json").json().path("Id").asText());
        assertEquals(busybox.id(), api.get("/images/" + busybox.id().substring(7, 19) + "/json").json().path("Id")
                .asText());
        assertEquals(app.id(), api.get("/images/localhost:5000/team/app:1/json").json().path("Id").asText());
        // docker-java encodes the name's slashes
        assertEquals(app.id(), api.get("/images/localhost:5000%2Fteam%2Fapp:1/json").json().path("Id").asText());
        assertError(404, "No such image: nosuch:latest", api.get("/images/nosuch/json"));
        assertError(404, "No such image: localhost:5000/team/app:2", api.get("/images/localhost:5000/team/app:2/json"));
    }

    @Test
    void tagThenRemoveUntagsBeforeItDeletes() {
        Answer tagged = api.post("/images/busybox/tag?repo=mine&tag=v1");
        assertEquals(201, tagged.status());
        assertEquals(busybox.id(), api.get("/images/mine:v1/json").json().path("Id").asText());

        Answer untag = api.delete("/images/mine:v1");
        assertEquals(200, untag.status());
        assertEquals("mine:v1", untag.json().get(0).path("Untagged").asText());
        assertEquals(1, untag.json().size());

        Answer delete = api.delete("/images/busybox");
        assertEquals("busybox:latest", delete.json().get(0).path("Untagged").asText());
        assertEquals(busybox.id(), delete.json().get(1).path("Deleted").asText());
        assertError(404, "No such image: busybox:latest", api.get("/images/busybox/json"));
        assertError(404, "No such image: nosuch:latest", api.post("/images/nosuch/tag?repo=x"));
    }

    @Test
    void removingAnIdOfSeveralRepositoriesNeedsForce() {
        api.post("/images/busybox/tag?repo=mine");
        String shortId = busybox.id().substring(7, 19);

        assertError(409, "conflict: unable to delete " + shortId
                + " (must be forced) - image is referenced in multiple repositories", api.delete("/images/" + shortId));
        Answer forced = api.delete("/images/" + shortId + "?force=1");
        assertEquals(200, forced.status());
        assertEquals(3, forced.json().size());
    }

    @Test
    void createAsksForASourceAndPullNeedsARegistryClient() {
        assertError(400, "either fromSrc or fromImage must be given", api.post("/images/create"));
        assertError(501, "no registry client is installed in this daemon (bundle io.linnet.registry); bring images "
                + "in with docker load or docker import", api.post("/images/create?fromImage=alpine&tag=3"));
        assertError(501, "no registry client is installed in this daemon (bundle io.linnet.registry); bring images "
                + "in with docker load or docker import", api.post("/images/busybox/push"));
    }

    @Test
    void importNamesTheImageAndAnswersJsonLines() {
        Answer imported = api.send("POST", "/images/create?fromSrc=-&repo=rootfs&tag=v2", "application/x-tar",
                "not really a tar");
        assertEquals(200, imported.status());
        String id = engine.images().inspect("rootfs:v2").id();
        assertTrue(imported.body().contains("\"status\":\"" + id + "\""), imported.body());
    }

    @Test
    void saveResolvesEveryNameFirst() {
        assertError(400, "no image names given", api.get("/images/get"));
        assertError(404, "No such image: nosuch:latest", api.get("/images/get?names=busybox&names=nosuch"));
        Answer saved = api.get("/images/busybox/get");
        assertEquals(200, saved.status());
        assertEquals("application/x-tar", saved.header("Content-Type"));
    }

    @Test
    void pruneRemovesDanglingImagesByDefault() {
        Image dangling = engine.images().add(new Image("sha256:" + "d".repeat(64), List.of(), List.of(), "", "",
                busybox.created(), "", "", "amd64", "", "linux", busybox.config(), List.of(), 300, List.of(), "", null));

        Answer prune = api.post("/images/prune");
        assertEquals(200, prune.status());
        assertEquals(dangling.id(), prune.json().path("ImagesDeleted").get(0).path("Deleted").asText());
        assertEquals(300, prune.json().path("SpaceReclaimed").asLong());
        assertEquals(List.of("busybox:latest"), tags(api.get("/images/json").json()));
        assertEquals(400, api.post("/images/prune?filters=" + query("{\"dangling\":[\"maybe\"]}")).status());
    }

    private static List<String> tags(JsonNode images) {
        List<String> tags = new ArrayList<>();
        images.forEach(i -> i.path("RepoTags").forEach(t -> tags.add(t.asText())));
        return tags;
    }

    private static String query(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }
}
