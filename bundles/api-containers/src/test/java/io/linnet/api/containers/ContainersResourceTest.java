package io.linnet.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.linnet.engine.testing.FakeEngine;
import io.linnet.engine.testing.FakeEngineResourceTest;
import io.linnet.http.InMemoryApi;
import io.linnet.http.InMemoryApi.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /containers routes as a client sees them: status codes, dockerd's error texts, query parsing. */
class ContainersResourceTest extends FakeEngineResourceTest {

    @BeforeAll
    static void serveResources() {
        serve(new ContainersResource(engine.containers()));
    }

    @BeforeEach
    void busybox() {
        engine.images().add("busybox", 4_000_000);
    }

    @Test
    void createAnswers201WithTheIdAndInspectShowsTheContainer() {
        Answer created = api.post("/containers/create?name=web", "{\"Image\":\"busybox\",\"Cmd\":[\"top\"]}");
        assertEquals(201, created.status());
        String id = created.json().path("Id").asText();
        assertEquals(64, id.length());

        Answer inspect = api.get("/containers/web/json");
        assertEquals(200, inspect.status());
        assertEquals(id, inspect.json().path("Id").asText());
        assertEquals("/web", inspect.json().path("Name").asText());
        assertEquals("created", inspect.json().path("State").path("Status").asText());
        assertEquals(id, api.get("/containers/" + id.substring(0, 7) + "/json").json().path("Id").asText());
    }

    @Test
    void createDefaultsFollowTheEnginesCgroupVersion() throws Exception {
        Answer created = api.post("/containers/create", "{\"Image\":\"busybox\"}");
        String id = created.json().path("Id").asText();
        assertEquals("private", api.get("/containers/" + id + "/json").json().path("HostConfig").path("CgroupnsMode")
                .asText());

        FakeEngine cgroupV1 = new FakeEngine();
        cgroupV1.system().setCgroupVersion("1");
        cgroupV1.images().add("busybox", 1);
        try (InMemoryApi v1 = InMemoryApi.serving(new ContainersResource(cgroupV1.containers()))) {
            String onV1 = v1.post("/containers/create", "{\"Image\":\"busybox\"}").json().path("Id").asText();
            assertEquals("host", v1.get("/containers/" + onV1 + "/json").json().path("HostConfig").path("CgroupnsMode")
                    .asText());
        }
    }

    @Test
    void createRefusesAsDockerd() {
        assertJsonError(404, "No such image: nosuch:latest", api.post("/containers/create", "{\"Image\":\"nosuch\"}"));
        assertJsonError(400, "Invalid container name (a b), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed",
                api.post("/containers/create?name=a%20b", "{\"Image\":\"busybox\"}"));
        assertJsonError(400, "Config cannot be empty in order to create a container",
                api.post("/containers/create", "{}"));
        assertEquals(400, api.post("/containers/create", "{\"Image\":").status());

        String id = api.post("/containers/create?name=web", "{\"Image\":\"busybox\"}").json().path("Id").asText();
        assertJsonError(409, "Conflict. The container name \"/web\" is already in use by container \"" + id
                + "\". You have to remove (or rename) that container to be able to reuse that name.",
                api.post("/containers/create?name=web", "{\"Image\":\"busybox\"}"));
    }

    @Test
    void unknownContainersAre404WithDockerdsMessage() {
        assertJsonError(404, "No such container: nosuch", api.get("/containers/nosuch/json"));
        assertJsonError(404, "No such container: nosuch", api.post("/containers/nosuch/start"));
        assertJsonError(404, "No such container: nosuch", api.delete("/containers/nosuch"));
        assertJsonError(404, "No such container: nosuch", api.get("/containers/nosuch/logs?stdout=1"));
    }

    @Test
    void listShowsRunningContainersUnlessAllIsTrueInAnyOfDockersSpellings() {
        engine.containers().add("idle", "busybox");
        engine.containers().start(engine.containers().add("busy", "busybox").id());

        assertEquals(List.of("/busy"), names(api.get("/containers/json")));
        assertEquals(List.of("/busy"), names(api.get("/containers/json?all=0")));
        assertEquals(List.of("/busy"), names(api.get("/containers/json?all=false")));
        assertEquals(List.of("/busy", "/idle"), names(api.get("/containers/json?all=1")));
        assertEquals(List.of("/busy", "/idle"), names(api.get("/containers/json?all=true")));
        assertEquals(List.of("/busy"), names(api.get("/containers/json?all=1&limit=1")));
    }

    @Test
    void listFiltersAreDockersJson() {
        engine.containers().add("idle", "busybox");
        engine.containers().start(engine.containers().add("busy", "busybox").id());

        assertEquals(List.of("/idle"), names(api.get("/containers/json?all=1&filters="
                + query("{\"status\":[\"created\"]}"))));
        assertEquals(List.of("/busy"), names(api.get("/containers/json?all=1&filters="
                + query("{\"name\":{\"busy\":true}}"))));
        assertEquals(400, api.get("/containers/json?filters=" + query("{\"status\":")).status());
        assertJsonError(400, "strconv.Atoi: parsing \"many\": invalid syntax", api.get("/containers/json?limit=many"));
    }

    @Test
    void startStopAndKillAnswerAsDockerd() {
        String id = engine.containers().add("web", "busybox").id();

        assertEquals(204, api.post("/containers/web/start").status());
        Answer again = api.post("/containers/web/start");
        assertEquals(304, again.status());
        assertEquals("", again.body());
        assertEquals(204, api.post("/containers/web/stop?t=1").status());
        assertEquals(304, api.post("/containers/web/stop").status());
        assertJsonError(400, "invalid value for t: soon", api.post("/containers/web/stop?t=soon"));
        assertJsonError(409, "Cannot kill container: web: Container " + id + " is not running",
                api.post("/containers/web/kill"));
        assertJsonError(409, "Container " + id + " is not running", api.post("/containers/web/pause"));
    }

    @Test
    void removeRefusesARunningContainerUnlessForced() {
        String id = engine.containers().add("web", "busybox").id();
        engine.containers().start(id);

        assertJsonError(409, "You cannot remove a running container " + id
                + ". Stop the container before attempting removal or force remove", api.delete("/containers/web"));
        assertEquals(204, api.delete("/containers/web?force=1").status());
        assertJsonError(404, "No such container: web", api.get("/containers/web/json"));
    }

    @Test
    void renameTakesTheNameFromTheQuery() {
        engine.containers().add("web", "busybox");
        String other = engine.containers().add("db", "busybox").id();

        assertEquals(204, api.post("/containers/web/rename?name=front").status());
        assertEquals("/front", api.get("/containers/front/json").json().path("Name").asText());
        assertJsonError(409, "Error when allocating new name: Conflict. The container name \"/db\" is already in use by "
                + "container \"" + other + "\". You have to remove (or rename) that container to be able to reuse "
                + "that name.", api.post("/containers/front/rename?name=db"));
    }

    @Test
    void waitAnswersTheExitCode() {
        String id = engine.containers().add("web", "busybox").id();
        engine.containers().start(id);
        engine.containers().kill(id, "KILL");

        Answer wait = api.post("/containers/web/wait");
        assertEquals(200, wait.status());
        assertEquals(137, wait.json().path("StatusCode").asInt());
        assertJsonError(400, "invalid condition: \"later\"", api.post("/containers/web/wait?condition=later"));
    }

    @Test
    void logsNeedAStreamAndComeMultiplexedWithoutATty() {
        engine.containers().add("web", "busybox");
        engine.containers().log("web", "stdout", Instant.parse("2024-01-02T03:04:05.123456789Z"), "hello\n");

        assertJsonError(400, "Bad parameters: you must choose at least one stream", api.get("/containers/web/logs"));
        Answer logs = api.get("/containers/web/logs?stdout=1&timestamps=1");
        assertEquals(200, logs.status());
        assertEquals("application/vnd.docker.multiplexed-stream", logs.header("Content-Type"));
        String body = logs.body();
        assertEquals(1, body.charAt(0), "stream 1 (stdout) in the frame header");
        assertTrue(body.endsWith("2024-01-02T03:04:05.123456789Z hello\n"), body);
    }

    @Test
    void attachWithLogsReplaysTheLogOnTheTakenOverConnection() {
        engine.containers().add("web", "busybox");
        engine.containers().log("web", "stderr", Instant.parse("2024-01-02T03:04:05Z"), "oops\n");

        Answer attach = api.post("/containers/web/attach?logs=1&stream=0&stdout=1&stderr=1");
        assertEquals(200, attach.status());
        // without "Upgrade: tcp", dockerd's 200 says raw-stream whatever the framing
        assertEquals("application/vnd.docker.raw-stream", attach.header("Content-Type"));
        assertEquals(2, attach.body().charAt(0), "stream 2 (stderr) in the frame header");
        assertTrue(attach.body().endsWith("oops\n"), attach.body());
        assertJsonError(404, "No such container: nosuch", api.post("/containers/nosuch/attach?stream=1&stdout=1"));
    }

    @Test
    void updateGivesTheEngineTheMergedHostConfig() {
        engine.containers().add("web", "busybox");

        Answer update = api.post("/containers/web/update", "{\"Memory\":67108864}");
        assertEquals(200, update.status());
        assertTrue(update.json().has("Warnings"));
        assertEquals(67108864, engine.containers().lastUpdate("web").resources().memory());
        assertEquals(67108864, api.get("/containers/web/json").json().path("HostConfig").path("Memory").asLong());
    }

    @Test
    void pruneRemovesStoppedContainersAndReportsTheirSpace() {
        String stopped = engine.containers().add("old", "busybox").id();
        engine.containers().setSize(stopped, 1234, 5000);
        engine.containers().start(engine.containers().add("busy", "busybox").id());

        Answer prune = api.post("/containers/prune");
        assertEquals(200, prune.status());
        assertEquals(List.of(stopped), texts(prune.json().path("ContainersDeleted")));
        assertEquals(1234, prune.json().path("SpaceReclaimed").asLong());
        assertEquals(List.of("/busy"), names(api.get("/containers/json?all=1")));
        assertJsonError(400, "Invalid filter 'dangling'", api.post("/containers/prune?filters="
                + query("{\"dangling\":[\"true\"]}")));
    }

    @Test
    void pruneTakesOnlyWhatTheUntilFilterAccepts() {
        String first = engine.containers().add("first", "busybox").id();
        String second = engine.containers().add("second", "busybox").created().toString(); // a second later

        Answer prune = api.post("/containers/prune?filters=" + query("{\"until\":[\"" + second + "\"]}"));
        assertEquals(200, prune.status());
        assertEquals(List.of(first), texts(prune.json().path("ContainersDeleted")));
        assertEquals(List.of("/second"), names(api.get("/containers/json?all=1")));
        assertJsonError(400, "failed to parse value as time or duration: \"soon\"",
                api.post("/containers/prune?filters=" + query("{\"until\":[\"soon\"]}")));
        Answer none = api.post("/containers/prune?filters=" + query("{\"label\":[\"keep\"]}"));
        assertTrue(none.json().path("ContainersDeleted").isNull());
        assertEquals(0, none.json().path("SpaceReclaimed").asLong());
    }

    @Test
    void versionPrefixesAndUnknownRoutesAnswerAsDockerd() {
        engine.containers().start(engine.containers().add("web", "busybox").id());

        assertEquals(List.of("/web"), names(api.get("/v1.43/containers/json")));
        assertEquals(List.of("/web"), names(api.get("/v1.24/containers/json")));
        assertEquals(400, api.get("/v1.99/containers/json").status());
        assertTrue(api.get("/v1.99/containers/json").message().contains("1.99"));
        assertJsonError(404, "page not found", api.get("/containers/web/nothing"));
        assertJsonError(404, "page not found", api.send("PUT", "/containers/web/start", null, null));
    }

    private static void assertJsonError(int status, String message, Answer answer) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals(message, answer.message());
        assertEquals("application/json", answer.header("Content-Type"));
    }

    private static List<String> names(Answer answer) {
        assertEquals(200, answer.status(), answer.body());
        List<String> names = new ArrayList<>();
        answer.json().forEach(c -> names.add(c.path("Names").path(0).asText()));
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String query(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }
}
