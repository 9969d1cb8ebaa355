package io.linnet.api.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linnet.engine.api.build.BuildCacheRecord;
import io.linnet.engine.testing.FakeEngineResourceTest;
import io.linnet.http.InMemoryApi.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /build}, {@code /commit} and {@code /build/prune} as the docker CLI reads them. */
class BuildResourcesTest extends FakeEngineResourceTest {

    @BeforeAll
    static void serveResources() {
        serve(new BuildResource(engine.builder(), engine.containers(), engine.builder(),
                engine.images()), new BuildPruneResource(engine.builder()));
    }

    @BeforeEach
    void clean() {
        engine.images().add("busybox", 1);
    }

    @Test
    void buildStreamsJsonLinesWithTheImageId() {
        Answer build = api.send("POST", "/build?t=app:1&t=app:latest&buildargs="
                + query("{\"V\":\"2\"}") + "&labels=" + query("{\"team\":\"a\"}"), "application/x-tar", "echo hi");
        assertEquals(200, build.status());
        String id = engine.images().inspect("app:1").id();
        assertTrue(build.body().contains("{\"stream\":\"Step 1/1 : RUN echo hi\\n\"}"), build.body());
        assertTrue(build.body().contains("{\"aux\":{\"ID\":\"" + id + "\"}}"), build.body());
        assertEquals(id, engine.images().inspect("app:latest").id());
        assertEquals(Map.of("V", "2"), engine.builder().lastRequest().buildArgs());
        assertEquals(Map.of("team", "a"), engine.builder().lastRequest().labels());
        assertTrue(engine.builder().lastRequest().remove(), "rm defaults to true");
    }

    @Test
    void aFailedStepIsAnErrorLineAfterTheOutput() {
        Answer build = api.send("POST", "/build", "application/x-tar", "fail 3");
        assertEquals(200, build.status());
        assertTrue(build.body().contains("\"errorDetail\":{\"code\":3,\"message\":\"The command '/bin/sh -c fail 3' "
                + "returned a non-zero code: 3\"}"), build.body());
    }

    @Test
    void buildRefusesWhatItDoesNotOffer() {
        Answer buildKit = api.send("POST", "/build?version=2", "application/x-tar", "x");
        assertEquals(400, buildKit.status());
        assertEquals("BuildKit is not supported by this daemon: use DOCKER_BUILDKIT=0", buildKit.message());
        assertEquals(400, api.send("POST", "/build?remote=https://example.com/c.tar", "application/x-tar", "").status());
        assertEquals(400, api.send("POST", "/build?buildargs=" + query("{\"V\":"), "application/x-tar", "x").status());
    }

    @Test
    void commitMakesAnImageOfTheContainerAndTagsIt() {
        engine.containers().add("web", "busybox");

        Answer commit = api.post("/commit?container=web&repo=snap&tag=v1&changes=" + query("LABEL stage=test"));
        assertEquals(201, commit.status(), commit.body());
        String id = commit.json().path("Id").asText();
        assertEquals(id, engine.images().inspect("snap:v1").id());
        assertEquals("test", engine.images().inspect(id).config().labels().get("stage"));
        assertEquals("No such container: nosuch", api.post("/commit?container=nosuch").message());
    }

    @Test
    void pruneAnswersNullWhenNothingWent() {
        Answer none = api.post("/build/prune");
        assertEquals(200, none.status());
        assertTrue(none.json().path("CachesDeleted").isNull());

        engine.builder().addCacheRecord(new BuildCacheRecord("c1", List.of(), "regular", "RUN x", false, false, 10,
                Instant.EPOCH, Instant.EPOCH, 1, ""));
        Answer pruned = api.post("/build/prune?all=1");
        assertEquals("c1", pruned.json().path("CachesDeleted").get(0).asText());
        assertEquals(10, pruned.json().path("SpaceReclaimed").asLong());
        Answer bad = api.post("/build/prune?keep-storage=lots");
        assertEquals(400, bad.status());
        assertEquals("keep-storage is in bytes and expects an integer, got lots: strconv.Atoi: parsing \"lots\": "
                + "invalid syntax", bad.message());
    }

    private static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
