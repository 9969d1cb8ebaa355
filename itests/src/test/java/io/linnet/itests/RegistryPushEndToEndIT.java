package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker push as dockerd pushes: progress lines named by diff ID, the digest line and aux object,
 * "Layer already exists", cross-repository mounts ("Mounted from"), chunked uploads of large
 * layers, and {@code docker push --all-tags}; what the registry holds is read back over HTTP.
 */
@WithLinnet(registry = true)
class RegistryPushEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @WithLinnet.Inject
    private static LinnetDaemon daemon;
    @WithLinnet.Inject
    private static LocalRegistry registry;

    @TempDir
    static Path work;

    private static List<JsonNode> lines(String stream) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : stream.split("\r?\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static List<JsonNode> rawPush(String repository, String tag) throws Exception {
        return lines(daemon.curl("-X", "POST", "-H", "X-Registry-Auth: e30=", "http://localhost/v1.43/images/"
                + repository + "/push" + (tag == null ? "" : "?tag=" + tag)).stdout());
    }

    private static List<String> statuses(List<JsonNode> lines) {
        return lines.stream().map(l -> l.path("status").asText()).toList();
    }

    private static JsonNode registryManifest(String name, String reference) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                + registry.host + "/v2/" + name + "/manifests/" + reference)).header("Accept",
                "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void pushShowsDockerdsLinesThenExistsThenMountsFromAnotherRepository() throws Exception {
        // a layer larger than one upload chunk (16 MiB), of random bytes
        Path ctx = Files.createDirectories(work.resolve("big"));
        byte[] big = new byte[20 * 1024 * 1024];
        new Random(7).nextBytes(big);
        Files.write(ctx.resolve("big.bin"), big);
        Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nCOPY big.bin /big.bin\n");
        String repo = registry.host + "/team/app";
        Commands.Result built = daemon.cli().build(ctx, "-q", "-t", repo + ":1");
        assertEquals(0, built.exitCode(), built.stderr());
        List<String> diffIds = new ArrayList<>();
        JsonNode image = JSON.readTree(daemon.docker("image", "inspect", repo + ":1").assertSuccess().stdout()).get(0);
        image.path("RootFS").path("Layers").forEach(l -> diffIds.add(l.asText().substring(7, 19)));

        String sizeBefore = daemon.docker("image", "inspect", "--format", "{{.Size}}", repo + ":1").assertSuccess().stdout();
        List<JsonNode> first = rawPush(repo, "1");
        List<String> status = statuses(first);
        assertEquals("The push refers to repository [" + repo + "]", status.get(0));
        assertEquals(List.of(diffIds.get(1), diffIds.get(0)), first.subList(1, 3).stream()
                .map(l -> l.path("id").asText()).toList(), "Preparing, top layer first, named by diff ID");
        assertTrue(first.stream().anyMatch(l -> l.path("status").asText().equals("Pushing")
                && l.path("id").asText().equals(diffIds.get(1))
                && l.path("progressDetail").path("total").asLong() > big.length
                && l.path("progressDetail").path("current").asLong() > 0), first.toString());
        assertEquals(2, status.stream().filter("Pushed"::equals).count(), status.toString());
        JsonNode last = first.get(first.size() - 1);
        String digest = last.path("aux").path("Digest").asText();
        assertEquals("1", last.path("aux").path("Tag").asText());
        assertTrue(digest.matches("sha256:[0-9a-f]{64}"), last.toString());
        assertEquals("1: digest: " + digest + " size: " + last.path("aux").path("Size").asLong(),
                first.get(first.size() - 2).path("status").asText());
        JsonNode pushed = registryManifest("team/app", "1");
        assertEquals(2, pushed.path("layers").size());
        // gzip layers, as dockerd pushes them, although this image's layers are stored as plain tar
        pushed.path("layers").forEach(l -> assertTrue(l.path("mediaType").asText().endsWith("gzip"), l.toString()));
        assertTrue(daemon.docker("image", "inspect", "--format", "{{json .RepoDigests}}", repo + ":1").assertSuccess()
                .stdout().contains(repo + "@" + digest));

        assertEquals(sizeBefore, daemon.docker("image", "inspect", "--format", "{{.Size}}", repo + ":1").assertSuccess()
                .stdout(), "the compressed copy does not change what the image is");
        daemon.docker("save", "-o", work.resolve("saved.tar").toString(), repo + ":1").assertSuccess();
        Commands.Result again = daemon.docker("push", repo + ":1").assertSuccess();
        assertEquals(2, again.stdout().lines().filter(l -> l.endsWith("Layer already exists")).count(), again.stdout());

        // the same layers into another repository of the registry: linked there, not uploaded again
        String other = registry.host + "/other/copy";
        daemon.docker("tag", repo + ":1", other + ":7").assertSuccess();
        List<String> mounted = statuses(rawPush(other, "7"));
        assertEquals(2, mounted.stream().filter("Mounted from team/app"::equals).count(), mounted.toString());
        assertEquals(registryManifest("team/app", "1"), registryManifest("other/copy", "7"));

        // and back: removed here, pulled from the registry, the same image
        daemon.docker("rmi", repo + ":1", other + ":7").assertSuccess();
        daemon.docker("pull", other + ":7").assertSuccess();
        assertEquals(image.path("Id").asText(), daemon.docker("image", "inspect", "--format", "{{.Id}}", other + ":7")
                .assertSuccess().stdout().trim());
        daemon.docker("rmi", other + ":7").assertSuccess();
    }

    @Test
    void pushAllTagsPushesEveryTagOfTheRepository() throws Exception {
        String repo = registry.host + "/many/tags";
        daemon.docker("tag", "busybox", repo + ":a").assertSuccess();
        daemon.docker("tag", "busybox", repo + ":b").assertSuccess();
        Commands.Result all = daemon.docker("push", "--all-tags", repo).assertSuccess();
        assertTrue(all.stdout().contains("a: digest: sha256:"), all.stdout());
        assertTrue(all.stdout().contains("b: digest: sha256:"), all.stdout());
        registryManifest("many/tags", "a");
        registryManifest("many/tags", "b");
        Commands.Result none = daemon.docker("push", "--all-tags", registry.host + "/never/tagged");
        assertEquals(1, none.exitCode());
        assertTrue(none.stderr().contains("An image does not exist locally with the tag: " + registry.host
                + "/never/tagged"), none.stderr());
        daemon.docker("rmi", repo + ":a", repo + ":b").assertSuccess();
    }
}
