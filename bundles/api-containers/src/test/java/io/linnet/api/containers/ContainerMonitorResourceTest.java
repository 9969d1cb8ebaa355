package io.linnet.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.linnet.engine.testing.FakeEngineResourceTest;
import io.linnet.http.InMemoryApi.Answer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /containers/{id}/top} and {@code /stats} without streaming, as docker top and stats read them. */
class ContainerMonitorResourceTest extends FakeEngineResourceTest {
    private String id;

    @BeforeAll
    static void serveResources() {
        serve(new ContainerMonitorResource(engine.monitor()));
    }

    @BeforeEach
    void container() {
        engine.images().add("busybox", 1);
        id = engine.containers().add("web", "busybox").id();
    }

    @Test
    void topNeedsARunningContainer() {
        Answer stopped = api.get("/containers/web/top");
        assertEquals(409, stopped.status());
        assertEquals("Container " + id + " is not running", stopped.message());

        engine.containers().start(id);
        JsonNode top = api.get("/containers/web/top?ps_args=-ef").json();
        assertEquals("PID", top.path("Titles").get(1).asText());
        assertEquals("sh", top.path("Processes").get(0).get(7).asText());
        assertEquals(404, api.get("/containers/nosuch/top").status());
    }

    @Test
    void statsOfAStoppedContainerAreItsNameAndId() {
        JsonNode stats = api.get("/containers/web/stats?stream=false").json();
        assertEquals(id, stats.path("id").asText());
        assertEquals("/web", stats.path("name").asText());
        assertEquals("0001-01-01T00:00:00Z", stats.path("read").asText());
    }

    @Test
    void oneShotStatsAnswerAtOnce() {
        engine.containers().start(id);
        Answer stats = api.get("/containers/web/stats?stream=0&one-shot=1");
        assertEquals(200, stats.status());
        assertEquals(4 << 20, stats.json().path("memory_stats").path("usage").asLong());
        assertEquals("No such container: nosuch", api.get("/containers/nosuch/stats?stream=false").message());
    }
}
