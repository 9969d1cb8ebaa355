package io.linnet.api.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.api.system.LoadedModules;
import io.linnet.engine.testing.FakeEngineResourceTest;
import io.linnet.http.InMemoryApi;
import io.linnet.http.InMemoryApi.Answer;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

/** /_ping, /version, /info, /system/df, /events and the swarm and plugin routes, as clients read them. */
class SystemResourcesTest extends FakeEngineResourceTest {

    @BeforeAll
    static void serveResources() {
        serve(new PingResource(), new SystemResource(engine.system(), bundle("1.2.3")),
                new DiskUsageResource(engine.system()),
                new EventsResource(engine.events()), new NoSwarmResource(), new NoPluginsResource());
    }

    @Test
    void pingAnswersOkWithTheHeadersClientsNegotiateWith() {
        Answer ping = api.get("/_ping");
        assertEquals(200, ping.status());
        assertEquals("OK", ping.body());
        assertEquals("1.43", ping.header("Api-Version"));
        assertEquals("linux", ping.header("Ostype"));
        assertEquals("1", ping.header("Builder-Version"));
        assertEquals("no-cache, no-store, must-revalidate", ping.header("Cache-Control"));
        assertEquals(200, api.send("HEAD", "/v1.40/_ping", null, null).status());
    }

    @Test
    void versionAndInfoComeFromTheEngine() {
        engine.images().add("busybox", 1);
        engine.containers().start(engine.containers().add("web", "busybox").id());
        engine.containers().add("idle", "busybox");

        JsonNode version = api.get("/version").json();
        assertEquals("24.0.0", version.path("Version").asText());
        assertEquals("1.43", version.path("ApiVersion").asText());
        assertEquals("amd64", version.path("Arch").asText());

        JsonNode info = api.get("/info").json();
        assertEquals(2, info.path("Containers").asInt());
        assertEquals(1, info.path("ContainersRunning").asInt());
        assertEquals(1, info.path("ContainersStopped").asInt());
        assertEquals(1, info.path("Images").asInt());
        assertEquals(42, info.path("NFd").asInt());
        assertEquals(7, info.path("NGoroutines").asInt());
        assertEquals("name=seccomp,profile=builtin", info.path("SecurityOptions").get(0).asText());
        assertEquals("2", info.path("CgroupVersion").asText());
        assertEquals("fakehost", info.path("Name").asText());
    }

    @Test
    void diskUsageCountsSharedLayersOnceAndContainersPerImage() {
        Image base = engine.images().add("base", List.of("sha256:l1"), List.of(100L));
        Image app = engine.images().add("app", List.of("sha256:l1", "sha256:l2"), List.of(100L, 50L));
        String web = engine.containers().add("web", "app").id();
        engine.containers().setSize(web, 12, 162);
        engine.volumes().create(new io.linnet.engine.api.volume.VolumeCreateRequest("data", null, null, null));
        engine.volumes().setSize("data", 7);

        Answer df = api.get("/system/df");
        assertEquals(200, df.status());
        assertEquals(150, df.json().path("LayersSize").asLong());
        JsonNode images = df.json().path("Images");
        assertEquals(base.id(), images.get(0).path("Id").asText());
        assertEquals(100, images.get(0).path("SharedSize").asLong());
        assertEquals(0, images.get(0).path("Containers").asInt());
        assertEquals(100, images.get(1).path("SharedSize").asLong());
        assertEquals(1, images.get(1).path("Containers").asInt());
        assertEquals(150, images.get(1).path("Size").asLong());
        assertEquals("/web", df.json().path("Containers").get(0).path("Names").get(0).asText());
        assertEquals(12, df.json().path("Containers").get(0).path("SizeRw").asLong());
        assertEquals(162, df.json().path("Containers").get(0).path("SizeRootFs").asLong());
        assertTrue(df.json().path("BuildCache").isArray());
        assertEquals(7, df.json().path("Volumes").get(0).path("UsageData").path("Size").asLong());
        assertEquals(app.id(), images.get(1).path("Id").asText());
    }

    @Test
    void diskUsageTypesLimitTheAnswer() {
        JsonNode volumesOnly = api.get("/system/df?type=volume").json();
        assertTrue(volumesOnly.has("Volumes"));
        assertEquals(1, volumesOnly.size());
        Answer bad = api.get("/system/df?type=disks");
        assertEquals(400, bad.status());
        assertEquals("invalid type: disks", bad.message());
    }

    @Test
    void eventsReplayWhatHappenedBetweenSinceAndUntil() {
        engine.events().publish(new Event("container", "start", "abc", Map.of("name", "web", "image", "busybox"),
                "local", 1_700_000_001_000_000_000L));
        engine.events().publish(new Event("network", "create", "net1", Map.of("name", "backend"), "local",
                1_700_000_002_000_000_000L));

        Answer events = api.get("/events?since=1700000000&until=1700000003");
        assertEquals(200, events.status());
        String[] lines = events.body().split("\n");
        assertEquals(2, lines.length, events.body());
        assertTrue(lines[0].contains("\"status\":\"start\"") && lines[0].contains("\"from\":\"busybox\""), lines[0]);
        assertTrue(lines[1].contains("\"Type\":\"network\"") && !lines[1].contains("\"status\""), lines[1]);

        Answer filtered = api.get("/events?since=1700000000&until=1700000003&filters="
                + URLEncoder.encode("{\"type\":[\"network\"]}", StandardCharsets.UTF_8));
        assertEquals(1, filtered.body().split("\n").length, filtered.body());
        Answer backwards = api.get("/events?since=1700000003&until=1700000000");
        assertEquals(400, backwards.status());
        assertEquals("`since` time (1700000003) cannot be after `until` time (1700000000)", backwards.message());
    }

    @Test
    void swarmAndPluginRoutesAnswerAsADaemonWithout() {
        Answer swarm = api.get("/swarm");
        assertEquals(503, swarm.status());
        assertEquals(NoSwarmResource.NOT_A_MANAGER, swarm.message());
        assertEquals(503, api.get("/services?filters=%7B%7D").status());
        assertEquals(501, api.post("/swarm/init", "{}").status());
        assertEquals("[]", api.get("/plugins").body());
        Answer plugin = api.get("/plugins/vieux/sshfs:latest/json");
        assertEquals(404, plugin.status());
        assertEquals("plugin \"vieux/sshfs:latest\" not found", plugin.message());
    }

    /** What SystemResource reads of its bundle: the version and the build headers. */
    @Test
    void infoNamesTheLoadedFeaturesAndBundlesBesideDockersFields() throws Exception {
        SystemResource system = new SystemResource(engine.system(), bundle("1.2.3"));
        system.bindModules(new LoadedModules() {
            @Override
            public List<FeatureState> features() {
                return List.of(new FeatureState("linnet-api-volumes", "Stopped"), new FeatureState("acme-default", "Active"));
            }

            @Override
            public List<BundleState> bundles() {
                return List.of(new BundleState("com.example.acme.linnet", "1.0.0.SNAPSHOT", "Active"));
            }
        });
        try (InMemoryApi withModules = InMemoryApi.serving(system)) {
            JsonNode info = withModules.get("/v1.43/info").json();
            assertEquals("fakehost", info.path("Name").asText(), "Docker's fields stay at the top level");
            JsonNode linnet = info.path("Linnet");
            assertEquals("[{\"Name\":\"linnet-api-volumes\",\"State\":\"Stopped\"},{\"Name\":\"acme-default\",\"State\":\"Active\"}]",
                    linnet.path("Features").toString());
            assertEquals("com.example.acme.linnet", linnet.path("Bundles").get(0).path("Name").asText());
            assertEquals("1.0.0.SNAPSHOT", linnet.path("Bundles").get(0).path("Version").asText());
        }
        assertTrue(api.get("/info").json().path("Linnet").isMissingNode(), "no section without the module inventory");
    }

    private static BundleContext bundle(String version) {
        Hashtable<String, String> headers = new Hashtable<>(Map.of("Linnet-Git-Commit", "cafe", "Linnet-Build-Time",
                "2024-01-01T00:00:00Z"));
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getVersion" -> Version.parseVersion(version);
                    case "getHeaders" -> headers;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getBundle") && (args == null || args.length == 0)) {
                        return bundle;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
