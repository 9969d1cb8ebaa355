package io.linnet.itests;

import static io.linnet.itests.Commands.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Containers as a Docker user runs them, with the real docker CLI against linnetd on containerd. */
@WithLinnet
class ContainersEndToEndIT {
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    @TempDir
    static Path work;

    private static JsonNode inspect(String name) throws Exception {
        return daemon.inspect("inspect", name);
    }

    @Test
    void detachedRunPsStopLogsAndRemove() throws Exception {
        String id = daemon.docker("run", "-d", "--name", "web", "busybox", "sh", "-c",
                "echo hello; echo oops >&2; exec sleep 100").assertSuccess().stdout().trim();
        assertTrue(id.matches("[0-9a-f]{64}"), id);

        String ps = daemon.docker("ps", "--format", "{{.Names}}|{{.Status}}|{{.Command}}").assertSuccess().stdout();
        assertTrue(ps.contains("web|Up "), ps);
        JsonNode running = inspect("web");
        assertEquals(id, running.path("Id").asText());
        assertEquals("/web", running.path("Name").asText());
        assertEquals("running", running.path("State").path("Status").asText());
        assertTrue(running.path("State").path("Pid").asInt() > 0, running.toString());
        assertEquals("sh", running.path("Path").asText());
        assertEquals("busybox", running.path("Config").path("Image").asText());
        assertTrue(running.path("Image").asText().startsWith("sha256:"), running.toString());
        // found by unique prefix too
        assertEquals(id, daemon.docker("inspect", "--format", "{{.Id}}", id.substring(0, 5)).assertSuccess()
                .stdout().trim());

        Thread.sleep(300); // the echoes reach the log
        Commands.Result logs = daemon.docker("logs", "web").assertSuccess();
        assertEquals("hello\n", logs.stdout());
        assertEquals("oops\n", logs.stderr());
        assertTrue(daemon.docker("logs", "-t", "web").assertSuccess().stdout().matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z hello\n"));

        Commands.Result removeRunning = daemon.docker("rm", "web");
        assertNotEquals(0, removeRunning.exitCode());
        assertTrue(removeRunning.stderr().contains("You cannot remove a running container " + id
                + ". Stop the container before attempting removal or force remove"), removeRunning.stderr());

        daemon.docker("stop", "-t", "1", "web").assertSuccess();
        String all = daemon.docker("ps", "-a", "--format", "{{.Names}}|{{.Status}}").assertSuccess().stdout();
        assertTrue(all.contains("web|Exited (137)") || all.contains("web|Exited (143)"), all);
        assertTrue(daemon.docker("ps", "--format", "{{.Names}}").assertSuccess().stdout().isBlank());
        Commands.Result kill = daemon.docker("kill", "web");
        assertNotEquals(0, kill.exitCode());
        assertTrue(kill.stderr().contains("is not running"), kill.stderr());
        assertEquals("hello\n", daemon.docker("logs", "web").assertSuccess().stdout());

        daemon.docker("rm", "web").assertSuccess();
        Commands.Result gone = daemon.docker("inspect", "web");
        assertNotEquals(0, gone.exitCode());
        assertTrue(gone.stderr().contains("No such object: web") || gone.stderr().contains("No such container: web"),
                gone.stderr());
    }

    @Test
    void createStartWaitGivesTheExitCode() throws Exception {
        daemon.docker("create", "--name", "three", "busybox", "sh", "-c", "exit 3").assertSuccess();
        assertEquals("Created", daemon.docker("ps", "-a", "--format", "{{.Status}}").assertSuccess().stdout().trim());
        daemon.docker("start", "three").assertSuccess();
        assertEquals("3", daemon.docker("wait", "three").assertSuccess().stdout().trim());
        assertEquals(3, inspect("three").path("State").path("ExitCode").asInt());
        assertTrue(daemon.docker("ps", "-a", "--format", "{{.Status}}").assertSuccess().stdout().startsWith("Exited (3) "));
        // filters
        assertEquals(List.of("three"), lines(daemon.docker("ps", "-a", "--filter", "exited=3", "--format",
                "{{.Names}}").assertSuccess().stdout()));
        assertEquals(List.of("three"), lines(daemon.docker("ps", "-a", "--filter", "status=exited", "--format",
                "{{.Names}}").assertSuccess().stdout()));
        assertTrue(daemon.docker("ps", "-a", "--filter", "exited=0", "-q").assertSuccess().stdout().isBlank());
        assertTrue(daemon.docker("ps", "-a", "--filter", "name=thr", "-q").assertSuccess().stdout().length() > 0);
        Commands.Result bad = daemon.docker("ps", "--filter", "status=sleeping");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.stderr().contains("Invalid filter 'status=sleeping'"), bad.stderr());
        // a second start runs it again
        daemon.docker("start", "three").assertSuccess();
        assertEquals("3", daemon.docker("wait", "three").assertSuccess().stdout().trim());
    }

    @Test
    void aWaitWhoseClientLeftEndsWithoutAStackTraceInTheLog() throws Exception {
        int logBefore = daemon.logText().length();
        daemon.docker("run", "-d", "--name", "left", "busybox", "sleep", "100").assertSuccess();
        // a client that asks to wait and goes away (an interrupted docker run), then the container is removed
        try (var client = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            client.connect(java.net.UnixDomainSocketAddress.of(daemon.socket));
            client.write(java.nio.ByteBuffer.wrap(("POST /v1.43/containers/left/wait HTTP/1.1\r\nHost: docker\r\n"
                    + "Content-Length: 0\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            Thread.sleep(500); // the wait is being served
        }
        daemon.docker("rm", "-f", "left").assertSuccess();
        // the answer is written to the closed connection once the container has ended
        daemon.docker("run", "--rm", "busybox", "true").assertSuccess();
        String log = daemon.logText().substring(logBefore);
        assertFalse(log.contains("SEVERE") || log.contains("Broken pipe"), log);
    }

    @Test
    void namesConflictAndForcedRemoval() throws Exception {
        String id = daemon.docker("run", "-d", "--name", "taken", "--label", "tier=web", "busybox", "sleep", "100")
                .assertSuccess().stdout().trim();
        Commands.Result conflict = daemon.docker("create", "--name", "taken", "busybox");
        assertNotEquals(0, conflict.exitCode());
        assertTrue(conflict.stderr().contains("Conflict. The container name \"/taken\" is already in use by container \""
                + id + "\". You have to remove (or rename) that container to be able to reuse that name."),
                conflict.stderr());
        Commands.Result invalid = daemon.docker("create", "--name", "-bad", "busybox");
        assertNotEquals(0, invalid.exitCode());
        assertTrue(invalid.stderr().contains("Invalid container name (-bad)"), invalid.stderr());
        Commands.Result noImage = daemon.docker("create", "--pull", "never", "nosuchimage");
        assertNotEquals(0, noImage.exitCode());
        assertTrue(noImage.stderr().contains("No such image: nosuchimage:latest"), noImage.stderr());
        assertEquals(List.of("taken"), lines(daemon.docker("ps", "--filter", "label=tier=web", "--format",
                "{{.Names}}").assertSuccess().stdout()));

        daemon.docker("rm", "-f", "taken").assertSuccess();
        assertTrue(daemon.docker("ps", "-aq").assertSuccess().stdout().isBlank());
        // the containerd record is gone too
        String listed = ctr("containers", "ls", "-q");
        assertFalse(listed.contains(id), listed);
    }

    @Test
    void aNeverStartedContainerIsRemovedWholeWithItsDestroyEvent() throws Exception {
        java.time.Instant since = java.time.Instant.now();
        String created = daemon.docker("create", "--name", "never-ran", "--label", "tier=db", "busybox", "true")
                .assertSuccess().stdout().trim();
        daemon.docker("run", "--name", "ran-once", "busybox", "true").assertSuccess();
        String exited = daemon.docker("inspect", "-f", "{{.Id}}", "ran-once").assertSuccess().stdout().trim();
        daemon.docker("ps", "-a").assertSuccess(); // a task listing the removals may answer from

        daemon.docker("rm", "-f", "never-ran", "ran-once").assertSuccess();
        java.time.Instant until = java.time.Instant.now();

        assertTrue(daemon.docker("ps", "-aq").assertSuccess().stdout().isBlank());
        for (String what : List.of("containers", "tasks", "leases")) {
            String listed = ctr(what, "ls");
            assertFalse(listed.contains(created) || listed.contains(exited), what + ": " + listed);
        }
        String snapshots = ctr("snapshots", "--snapshotter", "overlayfs", "ls");
        assertFalse(snapshots.contains(created) || snapshots.contains(exited), snapshots);
        assertFalse(java.nio.file.Files.exists(daemon.dataRoot.resolve("containers").resolve(exited)));
        assertEquals(List.of("create never-ran db", "destroy never-ran db"), lines(daemon.docker("events",
                "--since", since.getEpochSecond() + "." + String.format("%09d", since.getNano()),
                "--until", until.getEpochSecond() + "." + String.format("%09d", until.getNano()),
                "--filter", "container=" + created, "--format", "{{.Action}} {{.Actor.Attributes.name}} "
                        + "{{.Actor.Attributes.tier}}").assertSuccess().stdout()));
    }

    /** ctr's listing of the daemon's containerd namespace. */
    private static String ctr(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("ctr", "--address",
                daemon.execRoot.resolve("containerd/containerd.sock").toString(), "-n", "linnet"));
        args.addAll(List.of(command));
        return Commands.run(args.toArray(String[]::new)).assertSuccess().stdout();
    }

    @Test
    void attachedRunsPrintAndExitWithTheContainersCode() throws Exception {
        Commands.Result hi = daemon.docker("run", "--rm", "busybox", "echo", "hi").assertSuccess();
        assertEquals("hi\n", hi.stdout());
        assertTrue(daemon.docker("ps", "-aq").assertSuccess().stdout().isBlank(), "--rm removed it");

        Commands.Result three = daemon.docker("run", "--name", "code", "busybox", "sh", "-c", "echo out; exit 3");
        assertEquals(3, three.exitCode());
        assertEquals("out\n", three.stdout());
        assertEquals("exited", inspect("code").path("State").path("Status").asText());
    }

    @Test
    void aRunThatEndedCanBeStartedAndRemovedAtOnceAndExecOutputIsWholeAtItsEnd() throws Exception {
        // the wait is answered while containerd still deletes the task: what follows at once finds it settled
        for (int i = 0; i < 3; i++) {
            String name = "again" + i;
            Commands.Result run = daemon.docker("run", "--name", name, "busybox", "sh", "-c", "seq 1 3000; exit 4");
            assertEquals(4, run.exitCode(), run.stderr());
            assertEquals(3000, lines(run.stdout()).size());
            Commands.Result again = daemon.docker("start", "-a", name);
            assertEquals(4, again.exitCode(), again.stderr());
            assertEquals(3000, lines(again.stdout()).size());
            JsonNode state = inspect(name).path("State");
            assertEquals("exited", state.path("Status").asText());
            assertEquals(4, state.path("ExitCode").asInt());
            daemon.docker("rm", name).assertSuccess();
        }
        // an exec ends before containerd's delete of its process: its output and code are whole by then
        daemon.docker("run", "-d", "--name", "execd", "busybox", "sleep", "300").assertSuccess();
        for (int i = 0; i < 3; i++) {
            Commands.Result exec = daemon.docker("exec", "execd", "sh", "-c", "seq 1 3000; echo err >&2; exit 6");
            assertEquals(6, exec.exitCode(), exec.stderr());
            assertEquals(3000, lines(exec.stdout()).size());
            assertEquals("err\n", exec.stderr());
        }
        daemon.docker("rm", "-f", "execd").assertSuccess();
    }

    @Test
    void pipedStdinReachesTheProcess() throws Exception {
        Commands.Result cat = daemon.cli().shell("printf 'x\\ny\\n' | docker run --rm -i busybox sh -c 'cat; echo done'")
                .assertSuccess();
        assertEquals("x\ny\ndone\n", cat.stdout());
    }

    @Test
    void followedLogsEndWhenTheContainerStops() throws Exception {
        daemon.docker("run", "-d", "--name", "counter", "busybox", "sh", "-c",
                "for i in 1 2 3; do echo $i; sleep 0.3; done").assertSuccess();
        assertEquals("1\n2\n3\n", daemon.docker("logs", "-f", "counter").assertSuccess().stdout());
        assertEquals("3\n", daemon.docker("logs", "--tail", "1", "counter").assertSuccess().stdout());
        // stop of a stopped container is not an error for the CLI (304)
        daemon.docker("stop", "counter").assertSuccess();
        // start -a attaches and runs it again
        assertEquals("1\n2\n3\n", daemon.docker("start", "-a", "counter").assertSuccess().stdout());
    }

    @Test
    void aRestartedDaemonKeepsItsContainersAndTheirOutput() throws Exception {
        Path root = java.nio.file.Files.createTempDirectory(Path.of("/tmp"), "linnet-e2e-restart-");
        LinnetDaemon first = LinnetDaemon.startIn(root, "--live-restore"); // its containers outlive it
        try {
            first.loadBusybox(work, "restart");
            first.docker("run", "-d", "--name", "printer", "busybox", "sh", "-c",
                    "echo before; sleep 1; exit 7").assertSuccess();
            first.docker("run", "-d", "--name", "sleeper", "busybox", "sleep", "100").assertSuccess();
            first.docker("run", "-d", "--name", "ticker", "busybox", "sh", "-c",
                    "i=0; while true; do echo $i; i=$((i+1)); sleep 0.2; done").assertSuccess();
            first.docker("create", "--name", "idle", "busybox").assertSuccess();
            Thread.sleep(300);
            assertEquals(0, first.terminate(), first.logText());
        } finally {
            first.close();
        }
        try (LinnetDaemon second = LinnetDaemon.startIn(root)) {
            try {
                String ps = second.docker("ps", "-a", "--format", "{{.Names}}|{{.Status}}").assertSuccess().stdout();
                assertTrue(ps.contains("sleeper|Up "), ps);
                assertTrue(ps.contains("idle|Created"), ps);
                assertEquals("7", second.docker("wait", "printer").assertSuccess().stdout().trim());
                // Output of a process that ended while the daemon was down ends where the daemon stopped reading
                // (the shim closes the FIFOs at exit): the output written before is kept.
                assertEquals("before\n", second.docker("logs", "printer").assertSuccess().stdout());
                // A running one is read again: what it wrote while the daemon was down waited in the FIFO.
                Thread.sleep(1000);
                List<String> ticks = lines(second.docker("logs", "ticker").assertSuccess().stdout());
                assertTrue(ticks.size() > 10, ticks.toString());
                for (int i = 0; i < ticks.size(); i++) {
                    assertEquals(Integer.toString(i), ticks.get(i), "no tick lost: " + ticks);
                }
                second.docker("stop", "-t", "1", "sleeper").assertSuccess();
                assertTrue(second.docker("ps", "-a", "--format", "{{.Names}}|{{.Status}}").assertSuccess().stdout()
                        .contains("sleeper|Exited (137)"));
            } finally {
                for (String id : lines(second.docker("ps", "-aq", "--no-trunc").stdout())) {
                    second.docker("rm", "-f", id);
                }
            }
        }
    }

    @Test
    void anImageAContainerUsesIsNotDeletedUnderIt() throws Exception {
        TestImages.Built built = TestImages.dockerArchive(work, "inuse", List.of("inuse:1"), Map.of());
        daemon.docker("load", "-q", "-i", built.archive().toString()).assertSuccess();
        daemon.docker("create", "--name", "user-of-inuse", "inuse:1", "true").assertSuccess();
        Commands.Result byId = daemon.docker("rmi", built.id());
        assertEquals(1, byId.exitCode(), byId.stdout());
        assertTrue(byId.stderr().contains("image is being used by a container"), byId.stderr());
        daemon.docker("rmi", "inuse:1").assertSuccess();
        // The image lives on without a name while the container uses it; the container still starts.
        assertEquals(built.id(), daemon.docker("image", "inspect", "--format", "{{.Id}}", built.id()).assertSuccess()
                .stdout().trim());
        daemon.docker("start", "-a", "user-of-inuse").assertSuccess();
        daemon.docker("rm", "user-of-inuse").assertSuccess();
        daemon.docker("rmi", built.id()).assertSuccess();
    }

    @Test
    void runRmTrueTiming() throws Exception {
        daemon.docker("run", "--rm", "busybox", "true").assertSuccess(); // warm
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long t0 = System.nanoTime();
            daemon.docker("run", "--rm", "busybox", "true").assertSuccess();
            millis.add((System.nanoTime() - t0) / 1_000_000);
        }
        Collections.sort(millis);
        System.out.println("docker run --rm busybox true, ms: " + millis + " median " + (millis.get(4) + millis.get(5)) / 2);
    }
}
