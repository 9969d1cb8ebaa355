package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker pull, push and login against real registries: Debian's docker-registry (distribution
 * v2.8) started here on free loopback ports, one open and one with htpasswd basic auth.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithLinnet(busybox = false, registry = true)
class RegistryEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @WithLinnet.Inject
    private static LinnetDaemon daemon;
    @WithLinnet.Inject
    private static LocalRegistry open;
    private static LocalRegistry secured;
    private static LocalRegistry.Seeded busybox;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        secured = LocalRegistry.start(work.resolve("secured"), new String[] {"alice", "wonderland"});
        busybox = LocalRegistry.seed(open, "busybox", "1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (secured != null) {
            secured.close();
        }
    }

    @Test
    @Order(1)
    void pullFromARegistryWithProgressAsDockerd() throws Exception {
        String ref = open.host + "/busybox:1";
        // the raw stream first: the JSON lines the CLI draws its bars from
        long t0 = System.nanoTime();
        Commands.Result raw = daemon.curl("-X", "POST", "http://localhost/v1.43/images/create?fromImage="
                + open.host + "/busybox&tag=1");
        long pullMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : raw.stdout().split("\r?\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        String layerId = busybox.layerDigest().substring(7, 19);
        assertEquals("Pulling from busybox", lines.get(0).path("status").asText(), raw.stdout());
        assertEquals("1", lines.get(0).path("id").asText());
        assertTrue(lines.stream().anyMatch(l -> l.path("status").asText().equals("Pulling fs layer")
                && l.path("id").asText().equals(layerId)), raw.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.path("status").asText().equals("Downloading")
                && l.path("progressDetail").path("total").asLong() == busybox.layerSize()
                && l.path("progressDetail").path("current").asLong() > 0), raw.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.path("status").asText().equals("Download complete")), raw.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.path("status").asText().equals("Pull complete")), raw.stdout());
        assertEquals("Digest: " + busybox.indexDigest(), lines.get(lines.size() - 2).path("status").asText());
        assertEquals("Status: Downloaded newer image for " + ref, lines.get(lines.size() - 1).path("status").asText());
        System.out.println("pull of " + ref + " (" + busybox.layerSize() + " bytes gzip) took " + pullMillis + " ms");

        JsonNode image = JSON.readTree(daemon.docker("image", "inspect", ref).assertSuccess().stdout()).get(0);
        assertEquals(busybox.amd64Id(), image.path("Id").asText());
        assertEquals(List.of(ref), JSON.convertValue(image.path("RepoTags"), List.class));
        assertEquals(List.of(open.host + "/busybox@" + busybox.indexDigest()),
                JSON.convertValue(image.path("RepoDigests"), List.class));
        assertEquals(busybox.diffId(), image.path("RootFS").path("Layers").get(0).asText());
        String listed = daemon.docker("images", "--digests", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}")
                .assertSuccess().stdout();
        assertTrue(listed.contains(open.host + "/busybox 1 " + busybox.indexDigest()), listed);

        // again: nothing to download
        Commands.Result again = daemon.docker("pull", ref).assertSuccess();
        assertTrue(again.stdout().contains("Status: Image is up to date for " + ref), again.stdout());
        assertTrue(again.stdout().contains("Digest: " + busybox.indexDigest()), again.stdout());
    }

    @Test
    @Order(2)
    void pullWithTheCliByDigestAndForAnotherPlatform() throws Exception {
        String byDigest = open.host + "/busybox@" + busybox.indexDigest();
        daemon.docker("rmi", open.host + "/busybox:1").assertSuccess();
        assertEquals(1, daemon.docker("image", "inspect", busybox.amd64Id()).exitCode(), "rmi of the last tag removes it");

        Commands.Result pulled = daemon.docker("pull", open.host + "/busybox:1").assertSuccess();
        assertTrue(pulled.stdout().contains("1: Pulling from busybox"), pulled.stdout());
        assertTrue(pulled.stdout().contains("Pull complete"), pulled.stdout());
        assertTrue(pulled.stdout().contains("Status: Downloaded newer image for " + open.host + "/busybox:1"),
                pulled.stdout());
        assertEquals(busybox.amd64Id(), daemon.docker("image", "inspect", "--format", "{{.Id}}", byDigest)
                .assertSuccess().stdout().trim());

        Commands.Result arm = daemon.docker("pull", "--platform", "linux/arm64", open.host + "/busybox:1")
                .assertSuccess();
        assertTrue(arm.stdout().contains("Status: Downloaded newer image for"), arm.stdout());
        assertEquals(busybox.arm64Id(), daemon.docker("image", "inspect", "--format", "{{.Id}}",
                open.host + "/busybox:1").assertSuccess().stdout().trim());
        assertEquals("arm64", daemon.docker("image", "inspect", "--format", "{{.Architecture}}",
                open.host + "/busybox:1").assertSuccess().stdout().trim());
        daemon.docker("rmi", open.host + "/busybox:1").assertSuccess();
        daemon.docker("rmi", busybox.amd64Id()).assertSuccess();
    }

    @Test
    @Order(3)
    void pullErrorsAsDockerd() throws Exception {
        Commands.Result tag = daemon.docker("pull", open.host + "/busybox:nope");
        assertEquals(1, tag.exitCode());
        assertTrue(tag.stderr().contains("manifest for " + open.host + "/busybox:nope not found: manifest unknown: "
                + "manifest unknown"), tag.stderr());
        Commands.Result repo = daemon.curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                "http://localhost/v1.43/images/create?fromImage=" + open.host + "/nothing&tag=1");
        assertEquals("404", repo.stdout());

        int closed = LocalRegistry.freePort();
        Commands.Result unreachable = daemon.docker("pull", "127.0.0.1:" + closed + "/x:1");
        assertEquals(1, unreachable.exitCode());
        assertTrue(unreachable.stderr().contains("Get \"http://127.0.0.1:" + closed + "/v2/\": dial tcp 127.0.0.1:"
                + closed + ": connect: connection refused"), unreachable.stderr());
        Commands.Result status = daemon.curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                "http://localhost/v1.43/images/create?fromImage=127.0.0.1:" + closed + "/x&tag=1");
        assertEquals("500", status.stdout());
    }

    @Test
    @Order(3)
    void distributionInspectShowsTheIndexAndItsPlatforms() throws Exception {
        UnixHttp.Reply reply = daemon.http().get("/v1.43/distribution/" + open.host + "/busybox:1/json");
        assertEquals(200, reply.status(), reply.body());
        JsonNode d = JSON.readTree(reply.body());
        assertEquals(busybox.indexDigest(), d.path("Descriptor").path("digest").asText());
        assertTrue(d.path("Descriptor").path("mediaType").asText().contains("index")
                || d.path("Descriptor").path("mediaType").asText().contains("list"), d.toString());
        assertTrue(d.path("Descriptor").path("size").asLong() > 0);
        List<String> platforms = new java.util.ArrayList<>();
        d.path("Platforms").forEach(p -> platforms.add(p.path("os").asText() + "/" + p.path("architecture").asText()));
        assertTrue(platforms.containsAll(List.of("linux/amd64", "linux/arm64")), platforms.toString());
        assertEquals(404, daemon.http().get("/v1.43/distribution/" + open.host + "/busybox:nope/json").status());
    }

    @Test
    @Order(4)
    void pushThenPullBackTheSameImage() throws Exception {
        TestImages.Built built = TestImages.dockerArchive(work, "push", List.of("pushme:latest"), Map.of());
        daemon.docker("load", "-i", built.archive().toString()).assertSuccess();
        String ref = open.host + "/bb:1";
        daemon.docker("tag", "pushme", ref).assertSuccess();

        long t0 = System.nanoTime();
        Commands.Result push = daemon.docker("push", ref).assertSuccess();
        long pushMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("push of " + ref + " took " + pushMillis + " ms");
        assertTrue(push.stdout().contains("The push refers to repository [" + open.host + "/bb]"), push.stdout());
        assertTrue(push.stdout().contains("Pushed"), push.stdout());
        assertTrue(push.stdout().matches("(?s).*1: digest: sha256:[0-9a-f]{64} size: \\d+.*"), push.stdout());
        JsonNode image = JSON.readTree(daemon.docker("image", "inspect", ref).assertSuccess().stdout()).get(0);
        assertTrue(image.path("RepoDigests").toString().contains(open.host + "/bb@sha256:"), image.toString());

        Commands.Result again = daemon.docker("push", ref).assertSuccess();
        assertTrue(again.stdout().contains("Layer already exists"), again.stdout());

        daemon.docker("rmi", ref, "pushme").assertSuccess();
        assertNotEquals(0, daemon.docker("image", "inspect", built.id()).exitCode());
        Commands.Result back = daemon.docker("pull", ref).assertSuccess();
        assertTrue(back.stdout().contains("Downloaded newer image"), back.stdout());
        assertEquals(built.id(), daemon.docker("image", "inspect", "--format", "{{.Id}}", ref).assertSuccess()
                .stdout().trim());
        daemon.docker("rmi", ref).assertSuccess();
    }

    @Test
    @Order(5)
    void loginAndCredentialsForPushAndPull() throws Exception {
        String ref = secured.host + "/private:1";
        TestImages.Built built = TestImages.dockerArchive(work, "secret", List.of("secret:latest"), Map.of());
        daemon.docker("load", "-i", built.archive().toString()).assertSuccess();
        daemon.docker("tag", "secret", ref).assertSuccess();

        Commands.Result anonymous = daemon.docker("pull", ref);
        assertEquals(1, anonymous.exitCode());
        assertTrue(anonymous.stderr().contains("no basic auth credentials"), anonymous.stderr());

        Commands.Result wrong = daemon.docker("login", "-u", "alice", "-p", "queen", secured.host);
        assertEquals(1, wrong.exitCode());
        assertTrue(wrong.stderr().contains("login attempt to http://" + secured.host + "/v2/ failed with status: "
                + "401 Unauthorized"), wrong.stderr());
        String raw = daemon.curl("-X", "POST", "-H", "Content-Type: application/json", "-d",
                "{\"username\":\"alice\",\"password\":\"wonderland\",\"serveraddress\":\"" + secured.host + "\"}",
                "http://localhost/v1.43/auth").stdout();
        assertEquals(JSON.readTree("{\"Status\":\"Login Succeeded\",\"IdentityToken\":\"\"}"), JSON.readTree(raw));

        Commands.Result login = daemon.docker("login", "-u", "alice", "-p", "wonderland", secured.host).assertSuccess();
        assertTrue(login.stdout().contains("Login Succeeded"), login.stdout());
        daemon.docker("push", ref).assertSuccess();
        daemon.docker("rmi", ref, "secret").assertSuccess();
        daemon.docker("pull", ref).assertSuccess();
        assertEquals(built.id(), daemon.docker("image", "inspect", "--format", "{{.Id}}", ref).assertSuccess()
                .stdout().trim());
        daemon.docker("logout", secured.host).assertSuccess();
        daemon.docker("rmi", ref).assertSuccess();
    }

}
