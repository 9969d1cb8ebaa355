package io.linnet.api.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.linnet.engine.testing.FakeEngineResourceTest;
import io.linnet.http.InMemoryApi.Answer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /containers/{id}/exec} and the /exec routes, served together as the daemon serves them. */
class ExecResourceTest extends FakeEngineResourceTest {
    private String container;

    @BeforeAll
    static void serveResources() {
        serve(new ContainerExecResource(engine.execs()), new ExecResource(engine.execs()));
    }

    @BeforeEach
    void runningContainer() {
        engine.images().add("busybox", 1);
        container = engine.containers().add("web", "busybox").id();
        engine.containers().start(container);
    }

    @Test
    void createAnswers201AndInspectShowsTheProcess() {
        Answer created = api.post("/containers/web/exec", "{\"Cmd\":[\"ls\",\"-l\"],\"AttachStdout\":true,\"Tty\":true}");
        assertEquals(201, created.status());
        String id = created.json().path("Id").asText();

        JsonNode inspect = api.get("/exec/" + id + "/json").json();
        assertEquals(container, inspect.path("ContainerID").asText());
        assertEquals("ls", inspect.path("ProcessConfig").path("entrypoint").asText());
        assertEquals("-l", inspect.path("ProcessConfig").path("arguments").get(0).asText());
        assertTrue(inspect.path("ProcessConfig").path("tty").asBoolean());
        assertTrue(inspect.path("ExitCode").isNull(), "not run yet");
    }

    @Test
    void createRefusesAsDockerd() {
        assertError(400, "No exec command specified", api.post("/containers/web/exec", "{}"));
        assertError(404, "No such container: nosuch", api.post("/containers/nosuch/exec", "{\"Cmd\":[\"ls\"]}"));
        assertError(500, "Invalid detach keys (ctrl-) provided",
                api.post("/containers/web/exec", "{\"Cmd\":[\"ls\"],\"DetachKeys\":\"ctrl-\"}"));
        engine.containers().stop(container, 0);
        assertError(409, "Container " + container + " is not running",
                api.post("/containers/web/exec", "{\"Cmd\":[\"ls\"]}"));
    }

    @Test
    void aDetachedStartRunsOnceAndTheSecondStartConflicts() {
        String id = api.post("/containers/web/exec", "{\"Cmd\":[\"true\"]}").json().path("Id").asText();

        assertEquals(200, api.post("/exec/" + id + "/start", "{\"Detach\":true}").status());
        assertEquals(0, api.get("/exec/" + id + "/json").json().path("ExitCode").asInt());
        assertError(409, "Error: Exec command " + id + " has already run",
                api.post("/exec/" + id + "/start", "{\"Detach\":true}"));
    }

    @Test
    void anAttachedStartTakesTheConnectionOver() {
        String id = api.post("/containers/web/exec", "{\"Cmd\":[\"true\"],\"AttachStdout\":true}").json()
                .path("Id").asText();

        Answer start = api.post("/exec/" + id + "/start", "{}");
        assertEquals(200, start.status());
        assertEquals("application/vnd.docker.raw-stream", start.header("Content-Type"));
        assertEquals("close", start.header("Connection"));
        assertEquals(0, api.get("/exec/" + id + "/json").json().path("ExitCode").asInt());
    }

    @Test
    void unknownExecsAre404AndBadSizes400() {
        assertError(404, "No such exec instance: nosuch", api.get("/exec/nosuch/json"));
        assertError(404, "No such exec instance: nosuch", api.post("/exec/nosuch/start", "{\"Detach\":true}"));
        String id = api.post("/containers/web/exec", "{\"Cmd\":[\"true\"]}").json().path("Id").asText();
        assertError(400, "strconv.Atoi: parsing \"tall\": invalid syntax", api.post("/exec/" + id + "/resize?h=tall&w=80"));
        assertError(409, "Exec " + id + " is not running", api.post("/exec/" + id + "/resize?h=24&w=80"));
    }
}
