package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Side by side with dockerd, the behaviour reference: the same archive loaded into both must give
 * the same image JSON. dockerd is not part of CI (Debian's docker.io, when installed, speaks API
 * 1.41, so both are asked at /v1.41); without it these tests are skipped.
 */
@WithLinnet(busybox = false)
class DockerdParityIT {
    private static final Path DOCKERD = Path.of("/usr/sbin/dockerd");
    private static final ObjectMapper JSON = new ObjectMapper();
    @WithLinnet.Inject
    private static LinnetDaemon linnet;
    private static Process dockerd;
    private static Path dockerdRoot;
    private static Path dockerdSocket;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(DOCKERD), "dockerd is not installed: parity checks skipped");
        dockerdRoot = Files.createTempDirectory(Path.of("/tmp"), "dockerd-ref-");
        dockerdSocket = dockerdRoot.resolve("docker.sock");
        dockerd = new ProcessBuilder(DOCKERD.toString(), "--data-root", dockerdRoot.resolve("data").toString(),
                "--exec-root", dockerdRoot.resolve("exec").toString(), "-H", "unix://" + dockerdSocket,
                "--pidfile", dockerdRoot.resolve("dockerd.pid").toString(), "--iptables=false", "--bridge=none")
                .redirectErrorStream(true).redirectOutput(dockerdRoot.resolve("dockerd.log").toFile()).start();
        UnixHttp http = new UnixHttp(dockerdSocket);
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                if (Files.exists(dockerdSocket) && http.get("/_ping").status() == 200) {
                    break;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            if (System.currentTimeMillis() > deadline || !dockerd.isAlive()) {
                throw new AssertionError("dockerd did not start:\n" + Files.readString(dockerdRoot.resolve("dockerd.log")));
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (dockerd != null) {
            List<ProcessHandle> children = dockerd.descendants().toList();
            dockerd.destroy();
            if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void loadedImageLooksTheSameInListInspectAndHistory() throws Exception {
        TestImages.Built built = TestImages.dockerArchive(Files.createTempDirectory("parity"), "parity",
                List.of("parity:1"), Map.of("org.example.tier", "base"));
        DockerCli.at("unix://" + dockerdSocket).docker("load", "-i", built.archive().toString()).assertSuccess();
        linnet.docker("load", "-i", built.archive().toString()).assertSuccess();

        UnixHttp reference = new UnixHttp(dockerdSocket);
        UnixHttp ours = linnet.http();
        ObjectNode expected = (ObjectNode) JSON.readTree(reference.get("/v1.41/images/parity:1/json").body());
        ObjectNode actual = (ObjectNode) JSON.readTree(ours.get("/v1.41/images/parity:1/json").body());
        // The storage driver's own paths differ by design (overlay2 directories vs containerd snapshots).
        expected.remove("GraphDriver");
        actual.remove("GraphDriver");
        assertEquals(expected, actual);

        assertEquals(entry(reference.get("/v1.41/images/json").body(), built.id()),
                entry(ours.get("/v1.41/images/json").body(), built.id()));
        assertEquals(JSON.readTree(reference.get("/v1.41/images/parity:1/history").body()),
                JSON.readTree(ours.get("/v1.41/images/parity:1/history").body()));
    }

    @Test
    void errorsHaveDockerdsStatusAndMessage() throws Exception {
        UnixHttp reference = new UnixHttp(dockerdSocket);
        UnixHttp ours = linnet.http();
        List<String[]> requests = List.of(
                new String[] {"GET", "/v1.41/no/such/route"},
                new String[] {"PUT", "/v1.41/_ping"},
                new String[] {"GET", "/v1.41/images/json?filters=%7B%22nonsense%22%3A%5B%221%22%5D%7D"},
                new String[] {"POST", "/v1.41/swarm/leave"},
                new String[] {"GET", "/v1.41/swarm"},
                new String[] {"GET", "/v1.41/plugins"});
        for (String[] r : requests) {
            UnixHttp.Reply expected = reference.send(r[0], r[1], null);
            UnixHttp.Reply actual = ours.send(r[0], r[1], null);
            String what = r[0] + " " + r[1];
            assertEquals(expected.status(), actual.status(), what);
            // dockerd 20.10 still wrote "Invalid filter"; API 1.43's moby writes it in lower case.
            assertEquals(expected.body().trim().toLowerCase(), actual.body().trim().toLowerCase(), what);
        }
        // dockerd 20.10 says the missing image twice ("...: No such image: x:latest"); API 1.43's moby once.
        for (String[] r : List.of(new String[] {"GET", "/v1.41/images/no-such-image/json"},
                new String[] {"DELETE", "/v1.41/images/no-such-image"})) {
            UnixHttp.Reply expected = reference.send(r[0], r[1], null);
            UnixHttp.Reply actual = ours.send(r[0], r[1], null);
            assertEquals(expected.status(), actual.status());
            assertEquals("{\"message\":\"No such image: no-such-image:latest\"}", actual.body().trim());
            assertTrue(expected.body().contains("No such image: no-such-image:latest"), expected.body());
        }
    }

    private static JsonNode entry(String list, String id) throws Exception {
        for (JsonNode image : JSON.readTree(list)) {
            if (id.equals(image.path("Id").asText())) {
                return image;
            }
        }
        throw new AssertionError(id + " not listed in " + list);
    }
}
