package io.linnet.itests;

import static io.linnet.itests.Commands.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images as a Docker user handles them, with the real docker CLI against linnetd on containerd. */
@WithLinnet(busybox = false)
class ImagesEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    @TempDir
    static Path work;

    private static JsonNode inspect(String name) throws Exception {
        return daemon.inspect("image", "inspect", name);
    }

    /** docker-java sends a name's slashes encoded in the path (/images/127.0.0.1:5000%2Fteam%2Fapp/push): served as dockerd does. */
    @Test
    void namesWithEncodedSlashesInThePath() throws Exception {
        TestImages.Built image = TestImages.dockerArchive(work, "encoded", List.of("127.0.0.1:5000/team/app:1"), Map.of());
        daemon.docker("load", "-q", "-i", image.archive().toString()).assertSuccess();
        Commands.Result r = daemon.curl("-w", " %{http_code}", "http://d/v1.43/images/127.0.0.1:5000%2Fteam%2Fapp:1/json");
        assertTrue(r.stdout().endsWith(" 200"), r.stdout());
        assertEquals(image.id(), JSON.readTree(r.stdout().substring(0, r.stdout().lastIndexOf(' '))).path("Id").asText());
        daemon.docker("rmi", "127.0.0.1:5000/team/app:1").assertSuccess();
    }

    @Test
    void loadListInspectTagAndRemoveAsDockerdDoes() throws Exception {
        TestImages.Built built = TestImages.dockerArchive(work, "load", List.of("busybox:latest"), Map.of());

        Commands.Result load = daemon.docker("load", "-i", built.archive().toString()).assertSuccess();
        assertTrue(load.stdout().contains("Loaded image: busybox:latest"), load.stdout());

        // The ID is the digest of the configuration, exactly as dockerd computes it.
        JsonNode image = inspect("busybox");
        assertEquals(built.id(), image.path("Id").asText());
        assertEquals(List.of("busybox:latest"), JSON.convertValue(image.path("RepoTags"), List.class));
        assertEquals(built.diffId(), image.path("RootFS").path("Layers").get(0).asText());
        assertEquals("layers", image.path("RootFS").path("Type").asText());
        assertEquals("amd64", image.path("Architecture").asText());
        assertEquals("linux", image.path("Os").asText());
        assertEquals("2026-01-01T00:00:00Z", image.path("Created").asText());
        assertEquals("[\"sh\"]", image.path("Config").path("Cmd").toString());
        assertTrue(image.path("Size").asLong() >= Files.size(Path.of("/bin/busybox")), image.toString());
        // Every way dockerd finds an image.
        for (String name : List.of("busybox:latest", "docker.io/library/busybox", built.id(), built.id().substring(7),
                built.id().substring(7, 19))) {
            assertEquals(built.id(), daemon.docker("image", "inspect", "--format", "{{.Id}}", name).assertSuccess()
                    .stdout().trim(), name);
        }

        String listed = daemon.docker("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").assertSuccess().stdout();
        assertTrue(listed.contains("busybox:latest " + built.id().substring(7, 19)), listed);

        daemon.docker("tag", "busybox", "localhost:5000/bb:1").assertSuccess();
        assertEquals(built.id(), inspect("localhost:5000/bb:1").path("Id").asText());
        Commands.Result conflict = daemon.docker("rmi", built.id().substring(7, 19));
        assertEquals(1, conflict.exitCode());
        assertTrue(conflict.stderr().contains("conflict: unable to delete " + built.id().substring(7, 19)
                + " (must be forced) - image is referenced in multiple repositories"), conflict.stderr());

        assertEquals(List.of("Untagged: localhost:5000/bb:1"),
                lines(daemon.docker("rmi", "localhost:5000/bb:1").assertSuccess().stdout()));
        // The storage is containerd's own: ctr sees the same image.
        String ctr = Commands.run("ctr", "--address", daemon.execRoot.resolve("containerd/containerd.sock").toString(),
                "-n", "linnet", "images", "ls", "-q").assertSuccess().stdout();
        assertTrue(ctr.contains("docker.io/library/busybox:latest"), ctr);
        assertFalse(ctr.contains("localhost:5000/bb:1"), ctr);
    }

    @Test
    void historyListsTheImagesSteps() throws Exception {
        TestImages.Built built = TestImages.dockerArchive(work, "history", List.of("history:1"), Map.of());
        daemon.docker("load", "-q", "-i", built.archive().toString()).assertSuccess();
        List<String> steps = lines(daemon.docker("history", "--no-trunc", "--format", "{{.ID}}|{{.CreatedBy}}",
                "history:1").assertSuccess().stdout());
        assertEquals(2, steps.size(), steps.toString());
        assertTrue(steps.get(0).startsWith(built.id() + "|/bin/sh -c #(nop)  CMD [\"sh\"]"), steps.toString());
        assertTrue(steps.get(1).startsWith("<missing>|/bin/sh -c #(nop) ADD file:busybox in /"), steps.toString());
    }

    @Test
    void listFiltersAndDigests() throws Exception {
        TestImages.Built labelled = TestImages.dockerArchive(work, "filters", List.of("filtered/app:2"),
                Map.of("tier", "web"));
        daemon.docker("load", "-i", labelled.archive().toString()).assertSuccess();
        assertEquals(List.of("filtered/app:2"), lines(daemon.docker("images", "--filter", "reference=filtered/*",
                "--format", "{{.Repository}}:{{.Tag}}").assertSuccess().stdout()));
        assertEquals(List.of("filtered/app"), lines(daemon.docker("images", "--filter", "label=tier=web",
                "--format", "{{.Repository}}").assertSuccess().stdout()));
        assertTrue(daemon.docker("images", "--digests").assertSuccess().stdout().contains("DIGEST"));
        // SharedSize is computed only when asked for, as dockerd does (-1 otherwise).
        for (JsonNode image : JSON.readTree(daemon.http().get("/v1.43/images/json?shared-size=1").body())) {
            assertTrue(image.path("SharedSize").asLong() >= 0, image.toString());
        }
        for (JsonNode image : JSON.readTree(daemon.http().get("/v1.43/images/json").body())) {
            assertEquals(-1, image.path("SharedSize").asLong(), image.toString());
            assertFalse(image.has("VirtualSize"), "no VirtualSize on API 1.43");
        }
        Commands.Result bad = daemon.docker("images", "--filter", "nonsense=1");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.stderr().contains("invalid filter 'nonsense'"), bad.stderr());
    }

    @Test
    void ociLayoutLoads() throws Exception {
        TestImages.Built oci = TestImages.ociLayout(work, "oci", "docker.io/library/ocibox:1.0");
        Commands.Result load = daemon.docker("load", "-i", oci.archive().toString()).assertSuccess();
        assertTrue(load.stdout().contains("ocibox:1.0"), load.stdout());
        assertEquals(oci.id(), inspect("ocibox:1.0").path("Id").asText());
    }

    @Test
    void importMakesAOneLayerImageWithChanges() throws Exception {
        Path rootfs = work.resolve("rootfs.tar");
        Files.write(rootfs, TestImages.rootfsLayer("import"));
        Commands.Result imported = daemon.docker("import", "--change", "CMD [\"sh\"]", "--change", "ENV A=b",
                "--change", "WORKDIR /tmp", "--message", "from a tarball", rootfs.toString(), "imported:1").assertSuccess();
        assertTrue(imported.stdout().trim().startsWith("sha256:"), imported.stdout());
        JsonNode image = inspect("imported:1");
        assertEquals(imported.stdout().trim(), image.path("Id").asText());
        assertEquals("[\"sh\"]", image.path("Config").path("Cmd").toString());
        assertTrue(image.path("Config").path("Env").toString().contains("A=b"), image.toString());
        assertEquals("/tmp", image.path("Config").path("WorkingDir").asText());
        assertEquals("sha256:" + TestImages.sha256(TestImages.rootfsLayer("import")),
                image.path("RootFS").path("Layers").get(0).asText());
        assertEquals("from a tarball", image.path("Comment").asText());
    }

    @Test
    void saveThenLoadIntoAFreshDataRootKeepsIds() throws Exception {
        TestImages.Built built = TestImages.dockerArchive(work, "save", List.of("saved:1", "saved:2"), Map.of());
        daemon.docker("load", "-i", built.archive().toString()).assertSuccess();
        Path saved = work.resolve("saved.tar");
        daemon.docker("save", "-o", saved.toString(), "saved:1", "saved:2").assertSuccess();
        try (LinnetDaemon fresh = LinnetDaemon.start()) {
            Commands.Result load = fresh.docker("load", "-i", saved.toString()).assertSuccess();
            assertTrue(load.stdout().contains("Loaded image: saved:1"), load.stdout());
            assertTrue(load.stdout().contains("Loaded image: saved:2"), load.stdout());
            assertEquals(built.id(), fresh.docker("image", "inspect", "--format", "{{.Id}}", "saved:2")
                    .assertSuccess().stdout().trim());
        }
    }

    @Test
    void pruneRemovesDanglingImages() throws Exception {
        TestImages.Built untagged = TestImages.dockerArchive(work, "dangling", List.of(), Map.of());
        Commands.Result load = daemon.docker("load", "-i", untagged.archive().toString()).assertSuccess();
        assertTrue(load.stdout().contains("Loaded image ID: " + untagged.id()), load.stdout());
        assertTrue(daemon.docker("images", "-q", "--no-trunc", "--filter", "dangling=true").assertSuccess().stdout()
                .contains(untagged.id()));
        Commands.Result prune = daemon.docker("image", "prune", "-f").assertSuccess();
        assertTrue(prune.stdout().contains("deleted: " + untagged.id()), prune.stdout());
        assertNotEquals(0, daemon.docker("image", "inspect", untagged.id()).exitCode());
    }

    @Test
    void badInputGetsDockerdsErrors() throws Exception {
        Commands.Result missing = daemon.docker("image", "inspect", "no-such-image");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.stderr().contains("No such image: no-such-image"), missing.stderr());
        assertEquals("404", daemon.curl("-o", "/dev/null", "-w", "%{http_code}", "http://docker/v1.43/images/nope/json")
                .stdout());
        Commands.Result badTag = daemon.docker("tag", "busybox-none", "Bad/Name");
        assertNotEquals(0, badTag.exitCode());

        // As dockerd: the image is looked up first (404), then the new name is checked (400).
        assertTrue(daemon.curl("-X", "POST", "-w", "\n%{http_code}", "http://docker/v1.43/images/x/tag?repo=y")
                .stdout().endsWith("\n404"));
        TestImages.Built built = TestImages.dockerArchive(work, "badinput", List.of("badinput:1"), Map.of());
        daemon.docker("load", "-q", "-i", built.archive().toString()).assertSuccess();
        Commands.Result badRepo = daemon.curl("-X", "POST", "-w", "\n%{http_code}",
                "http://docker/v1.43/images/badinput:1/tag?repo=UPPER&tag=1");
        assertTrue(badRepo.stdout().endsWith("\n400"), badRepo.stdout());
        assertTrue(badRepo.stdout().contains("invalid reference format: repository name must be lowercase"),
                badRepo.stdout());

        Path escape = TestImages.singleEntryTar(work, "escape.tar", "../../etc/evil.json", "{}".getBytes());
        Commands.Result hostile = daemon.docker("load", "-i", escape.toString());
        assertNotEquals(0, hostile.exitCode());
        Path absolute = TestImages.singleEntryTar(work, "absolute.tar", "/etc/evil.json", "{}".getBytes());
        assertNotEquals(0, daemon.docker("load", "-i", absolute.toString()).exitCode());
        Path garbage = work.resolve("garbage.tar");
        Files.writeString(garbage, "this is not a tarball at all");
        assertNotEquals(0, daemon.docker("load", "-i", garbage.toString()).exitCode());
        assertFalse(Files.exists(Path.of("/etc/evil.json")));
    }
}
