package io.linnet.api.containers;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.Filters;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ContainerViewsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String ID = "a".repeat(64);

    private static Container container(String name, ContainerState state, Map<String, String> labels) {
        return new Container(ID, name, "busybox", "sha256:" + "b".repeat(64), NOW.minusSeconds(600), "sh",
                List.of("-c", "exit 3"), labels, null,
                io.linnet.api.model.container.HostConfig.zero().toBuilder().networkMode("default").build(), false, false, false, state, 0, "", List.of());
    }

    private static Container running() {
        return container("/web", new ContainerState("running", true, false, 42, 0, false, "", NOW.minusSeconds(3), null),
                Map.of("tier", "web"));
    }

    private static Container exited(int code) {
        return container("/job", new ContainerState("exited", false, false, 0, code, false, "", NOW.minusSeconds(200),
                NOW.minusSeconds(120)), Map.of());
    }

    private static Container created() {
        return container("/new", ContainerState.created(), Map.of());
    }

    private static Predicate<Container> filter(String json, boolean all) {
        return ContainerViews.filter(Filters.parse(json, t -> JSON.readValue(t, Object.class)), all);
    }

    @Test
    void namesFollowDockerdsRule() {
        for (String ok : List.of("web", "/web", "a1", "my_app.v2-x")) {
            assertDoesNotThrow(() -> ContainerViews.checkName(ok), ok);
        }
        for (String bad : List.of("-x", "a", "/", "x y", "_x", "a/b")) {
            InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> ContainerViews.checkName(bad));
            assertEquals("Invalid container name (" + bad + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", e.getMessage());
        }
        assertDoesNotThrow(() -> ContainerViews.checkName(""), "empty: a generated name");
    }

    @Test
    void statusTextsAsDockerPsPrintsThem() {
        assertEquals("Up 3 seconds", ContainerViews.statusText(running(), NOW, HealthViews.Lookup.NONE));
        assertEquals("Exited (3) 2 minutes ago", ContainerViews.statusText(exited(3), NOW, HealthViews.Lookup.NONE));
        assertEquals("Created", ContainerViews.statusText(created(), NOW, HealthViews.Lookup.NONE));
        assertEquals("Up Less than a second", ContainerViews.statusText(container("/x",
                new ContainerState("running", true, false, 1, 0, false, "", NOW, null), Map.of()), NOW, HealthViews.Lookup.NONE));
    }

    @Test
    void healthShowsInTheStatusTheFilterAndInspect() throws Exception {
        HealthViews.Lookup healthy = id -> new io.linnet.engine.api.container.ContainerHealth(
                io.linnet.engine.api.container.ContainerHealth.HEALTHY, 0, List.of());
        assertEquals("Up 3 seconds (healthy)", ContainerViews.statusText(running(), NOW, healthy));
        assertEquals("healthy", ContainerViews.inspect(running(), null, healthy).state().health().status());
        assertNull(ContainerViews.inspect(running(), null, HealthViews.Lookup.NONE).state().health());
        var f = Filters.parse("{\"health\":[\"healthy\"]}", t -> JSON.readValue(t, Object.class));
        assertTrue(ContainerViews.filter(f, false, List.of(), healthy).test(running()));
        assertFalse(ContainerViews.filter(f, false, List.of(), HealthViews.Lookup.NONE).test(running()));
    }

    @Test
    void filtersSelectAsDockerdDoes() {
        assertTrue(filter(null, false).test(running()));
        assertFalse(filter(null, false).test(exited(0)), "without all only running ones");
        assertTrue(filter(null, true).test(exited(0)));
        assertTrue(filter("{\"status\":{\"exited\":true}}", false).test(exited(3)));
        assertFalse(filter("{\"status\":[\"running\"]}", true).test(exited(3)));
        assertTrue(filter("{\"exited\":[\"3\"]}", false).test(exited(3)));
        assertFalse(filter("{\"exited\":[\"0\"]}", false).test(exited(3)));
        assertFalse(filter("{\"exited\":[\"0\"]}", true).test(created()), "never started: no exit code");
        assertTrue(filter("{\"label\":[\"tier=web\"]}", false).test(running()));
        assertFalse(filter("{\"label\":[\"tier=db\"]}", false).test(running()));
        assertTrue(filter("{\"name\":[\"^/?we\"]}", false).test(running()));
        assertFalse(filter("{\"name\":[\"job\"]}", false).test(running()));
        assertTrue(filter("{\"id\":[\"aaaa\"]}", false).test(running()));
        assertFalse(filter("{\"id\":[\"ab\"]}", false).test(running()));
        InvalidParameterException status = assertThrows(InvalidParameterException.class,
                () -> filter("{\"status\":[\"sleeping\"]}", false));
        assertEquals("Invalid filter 'status=sleeping'", status.getMessage());
        InvalidParameterException unknown = assertThrows(InvalidParameterException.class,
                () -> filter("{\"nonsense\":[\"1\"]}", false));
        assertEquals("Invalid filter 'nonsense'", unknown.getMessage());
    }

    @Test
    void summaryAndInspectCarryDockerdsShapes() {
        var summary = ContainerViews.summary(exited(3), NOW);
        assertEquals(List.of("/job"), summary.names());
        assertEquals("sh -c 'exit 3'", summary.command());
        assertEquals("exited", summary.state());
        assertEquals("default", summary.hostConfig().networkMode());
        var inspect = ContainerViews.inspect(exited(3));
        assertEquals(3, inspect.state().exitCode());
        assertEquals("0001-01-01T00:00:00Z", ContainerViews.inspect(created()).state().startedAt());
        assertEquals(-1, ContainersResource.tail("all"));
        assertEquals(0, ContainersResource.tail("0"));
        assertEquals(5, ContainersResource.tail("5"));
    }

    @Test
    void maskedAndReadonlyPathsReachTheEngineAsSent() throws Exception {
        // the CLI's --security-opt systempaths=unconfined: empty lists, no security option
        var unconfined = ContainerViews.toCreate("", JSON.readValue("{\"Image\":\"busybox\",\"HostConfig\":"
                + "{\"SecurityOpt\":[\"seccomp=unconfined\"],\"MaskedPaths\":[],\"ReadonlyPaths\":[]}}",
                io.linnet.api.model.container.ContainerCreateRequest.class)).hostConfig();
        assertEquals(List.of("seccomp=unconfined"), unconfined.securityOpt());
        assertEquals(List.of(), unconfined.maskedPaths());
        assertEquals(List.of(), unconfined.readonlyPaths());
        var unset = ContainerViews.toCreate("", JSON.readValue("{\"Image\":\"busybox\",\"HostConfig\":{}}",
                io.linnet.api.model.container.ContainerCreateRequest.class)).hostConfig();
        assertEquals(null, unset.maskedPaths(), "null: the engine's defaults");
        assertEquals(null, unset.readonlyPaths());
        var bare = ContainerViews.toCreate("web", JSON.readValue("{\"Image\":\"busybox\"}",
                io.linnet.api.model.container.ContainerCreateRequest.class));
        assertEquals(null, bare.hostConfig(), "no HostConfig sent: the engine stores its defaults without Runtime");
        assertEquals("busybox", bare.image());
    }
}
