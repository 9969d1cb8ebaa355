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
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Binds, volumes and tmpfs mounts of containers (docker run -v / --mount / --tmpfs / --volumes-from). */
@WithLinnet(removeContainers = false) // removed here, before the volumes they use
class ContainerMountsEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @WithLinnet.Inject
    private static LinnetDaemon daemon;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory(daemon.root, "mounts-");
        // An image with content under a VOLUME path, as a database image has.
        Path rootfs = Files.createDirectories(work.resolve("rootfs"));
        Path layer = Files.write(work.resolve("layer.tar"), TestImages.rootfsLayer("seeded"));
        Commands.run("tar", "-xf", layer.toString(), "-C", rootfs.toString()).assertSuccess();
        Files.createDirectories(rootfs.resolve("seeded/sub"));
        Files.writeString(rootfs.resolve("seeded/sub/file"), "from the image\n");
        Files.createSymbolicLink(rootfs.resolve("seeded/escape"), Path.of("/etc"));
        daemon.cli().shell("tar -C " + rootfs + " -c . | docker import --change 'VOLUME /seeded' --change 'CMD [\"sh\"]'"
                + " - seeded:latest").assertSuccess();
    }

    @AfterEach
    void clean() throws Exception {
        daemon.removeAllContainers();
        daemon.docker("volume", "prune", "-af");
    }

    private static JsonNode mounts(String container) throws Exception {
        return JSON.readTree(daemon.docker("inspect", "--format", "{{json .Mounts}}", container).assertSuccess().stdout());
    }

    private static JsonNode mountAt(String container, String destination) throws Exception {
        for (JsonNode m : mounts(container)) {
            if (m.path("Destination").asText().equals(destination)) {
                return m;
            }
        }
        throw new AssertionError("no mount at " + destination + " in " + mounts(container));
    }

    private static Set<String> volumes() throws Exception {
        return new HashSet<>(lines(daemon.docker("volume", "ls", "-q").assertSuccess().stdout()));
    }

    @Test
    void namedVolumeCarriesDataFromOneContainerToTheNext() throws Exception {
        daemon.docker("run", "--rm", "-v", "shared-data:/data", "busybox", "sh", "-c", "echo kept > /data/f")
                .assertSuccess();
        assertEquals("kept\n", daemon.docker("run", "--rm", "-v", "shared-data:/other", "busybox", "cat", "/other/f")
                .assertSuccess().stdout());
        daemon.docker("create", "--name", "user", "-v", "shared-data:/data", "busybox").assertSuccess();
        JsonNode m = mountAt("user", "/data");
        assertEquals("volume", m.path("Type").asText());
        assertEquals("shared-data", m.path("Name").asText());
        assertEquals("local", m.path("Driver").asText());
        assertEquals("z", m.path("Mode").asText());
        assertTrue(m.path("RW").asBoolean());
        assertEquals(daemon.dataRoot.resolve("volumes/shared-data/_data").toRealPath().toString(),
                m.path("Source").asText());
        // In use: dockerd's refusal, whatever force says.
        Commands.Result inUse = daemon.docker("volume", "rm", "-f", "shared-data");
        assertNotEquals(0, inUse.exitCode());
        assertTrue(inUse.stderr().contains("remove shared-data: volume is in use - [" ), inUse.stderr());
        daemon.docker("rm", "user").assertSuccess();
        daemon.docker("volume", "rm", "shared-data").assertSuccess();
    }

    @Test
    void newVolumesAreFilledFromTheImageButNotWithNocopyNorWhenFull() throws Exception {
        assertEquals("from the image\n", daemon.docker("run", "--rm", "-v", "filled:/seeded", "seeded",
                "cat", "/seeded/sub/file").assertSuccess().stdout());
        // the link is copied as a link, never followed to the host's /etc
        assertEquals("/etc", Files.readSymbolicLink(daemon.dataRoot.resolve("volumes/filled/_data/escape")).toString());
        daemon.docker("run", "--rm", "-v", "filled:/seeded", "seeded", "sh", "-c", "rm -r /seeded/sub; echo mine > /seeded/x")
                .assertSuccess();
        // not empty any more: not filled again
        assertEquals("escape\nx\n", daemon.docker("run", "--rm", "-v", "filled:/seeded", "seeded", "ls", "/seeded")
                .assertSuccess().stdout());
        assertEquals("", daemon.docker("run", "--rm", "--mount", "type=volume,src=bare,dst=/seeded,volume-nocopy",
                "seeded", "ls", "/seeded").assertSuccess().stdout());
    }

    @Test
    void imageVolumesBecomeAnonymousVolumesRemovedWithRmV() throws Exception {
        Set<String> before = volumes();
        daemon.docker("create", "--name", "anon", "-v", "/scratch", "seeded").assertSuccess();
        Set<String> made = new HashSet<>(volumes());
        made.removeAll(before);
        assertEquals(2, made.size(), made.toString());
        JsonNode seeded = mountAt("anon", "/seeded");
        assertTrue(seeded.path("Name").asText().matches("[0-9a-f]{64}"), seeded.toString());
        assertEquals("", seeded.path("Mode").asText());
        assertTrue(Files.exists(Path.of(seeded.path("Source").asText(), "sub/file")), "filled at create, as dockerd");
        JsonNode config = JSON.readTree(daemon.docker("inspect", "--format", "{{json .Config.Volumes}}", "anon")
                .assertSuccess().stdout());
        assertTrue(config.has("/seeded") && config.has("/scratch"), config.toString());
        daemon.docker("rm", "-v", "anon").assertSuccess();
        assertEquals(before, volumes());

        // --rm takes its anonymous volumes along too
        daemon.docker("run", "--rm", "seeded", "true").assertSuccess();
        assertEquals(before, volumes());
    }

    @Test
    void bindsTmpfsAndVolumesFrom() throws Exception {
        Path host = Files.createDirectories(work.resolve("host-dir"));
        Files.writeString(host.resolve("in"), "from the host\n");
        assertEquals("from the host\n", daemon.docker("run", "--rm", "-v", host + ":/h:ro", "busybox", "cat", "/h/in")
                .assertSuccess().stdout());
        Commands.Result readOnly = daemon.docker("run", "--rm", "-v", host + ":/h:ro", "busybox", "touch", "/h/x");
        assertNotEquals(0, readOnly.exitCode());
        assertTrue(readOnly.stderr().contains("Read-only file system"), readOnly.stderr());
        daemon.docker("run", "--rm", "--mount", "type=bind,src=" + host + ",dst=/h", "busybox", "sh", "-c",
                "echo back > /h/out").assertSuccess();
        assertEquals("back\n", Files.readString(host.resolve("out")));

        Commands.Result missing = daemon.docker("run", "--rm", "--mount", "type=bind,src=/no/such/dir,dst=/x", "busybox", "true");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.stderr().contains("bind source path does not exist: /no/such/dir"), missing.stderr());

        String tmpfs = daemon.docker("run", "--rm", "--mount", "type=tmpfs,dst=/t,tmpfs-size=1048576", "--tmpfs",
                "/t2:size=2m", "busybox", "sh", "-c", "grep -E ' /t2? ' /proc/mounts").assertSuccess().stdout();
        assertTrue(tmpfs.contains("tmpfs /t tmpfs") && tmpfs.contains("size=1024k"), tmpfs);
        assertTrue(tmpfs.contains("tmpfs /t2 tmpfs") && tmpfs.contains("size=2048k"), tmpfs);

        daemon.docker("run", "--name", "holder", "-v", "from-vol:/v", "-v", host + ":/h", "busybox", "sh", "-c",
                "echo shared > /v/f").assertSuccess();
        assertEquals("shared\nfrom the host\n", daemon.docker("run", "--rm", "--volumes-from", "holder", "busybox",
                "cat", "/v/f", "/h/in").assertSuccess().stdout());
        Commands.Result ro = daemon.docker("run", "--rm", "--volumes-from", "holder:ro", "busybox", "touch", "/v/x");
        assertTrue(ro.stderr().contains("Read-only file system"), ro.stderr());
        JsonNode bind = mountAt("holder", "/h");
        assertEquals("bind", bind.path("Type").asText());
        assertEquals("rprivate", bind.path("Propagation").asText());
        assertFalse(bind.has("Name"), bind.toString());
    }

    @Test
    void hostileNamesAndSpecsAreRefused() throws Exception {
        // (the CLI turns "./x" and "../x" into host paths itself; a raw client can send them as volume names)
        UnixHttp.Reply bad = daemon.http().send("POST", "/v1.43/containers/create",
                "{\"Image\":\"busybox\",\"HostConfig\":{\"Binds\":[\"../../etc:/x\"]}}");
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.body().contains("includes invalid characters for a local volume name"), bad.body());
        Commands.Result relative = daemon.docker("run", "--rm", "-v", "vol:relative", "busybox", "true");
        assertTrue(relative.stderr().contains("mount path must be absolute"), relative.stderr());
        assertFalse(Files.exists(daemon.dataRoot.resolve("etc")));
        assertEquals(Set.of(), volumes());
    }

    @Test
    void volumesWithTheLocalDriversDeviceOptionsMountTheirDevice() throws Exception {
        daemon.docker("volume", "create", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "--opt", "o=size=1m",
                "in-memory").assertSuccess();
        String mounts = daemon.docker("run", "--rm", "-v", "in-memory:/t", "busybox", "grep", " /t ", "/proc/mounts")
                .assertSuccess().stdout();
        assertTrue(mounts.startsWith("tmpfs /t tmpfs") && mounts.contains("size=1024k"), mounts);

        Path host = Files.createDirectories(work.resolve("bound-by-volume"));
        Files.writeString(host.resolve("f"), "through the volume\n");
        daemon.docker("volume", "create", "--opt", "type=none", "--opt", "o=bind", "--opt", "device=" + host,
                "bound").assertSuccess();
        assertEquals("through the volume\n", daemon.docker("run", "--rm", "-v", "bound:/b", "busybox", "cat", "/b/f")
                .assertSuccess().stdout());
        daemon.docker("create", "--name", "shows", "-v", "bound:/b", "busybox").assertSuccess();
        assertEquals("volume bound", daemon.docker("inspect", "--format",
                "{{range .Mounts}}{{.Type}} {{.Name}}{{end}}", "shows").assertSuccess().stdout().trim());
    }
}
