package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.StatusRuntimeException;
import io.linnet.containerd.config.RuntimeSettings;
import io.linnet.containerd.container.ContainerRunner.RunningTask;
import io.linnet.containerd.image.RunnableImages;
import io.linnet.containerd.image.TestImages;
import io.linnet.containerd.proto.containers.ContainersGrpc;
import io.linnet.containerd.proto.containers.ListContainersRequest;
import io.linnet.containerd.proto.leases.LeasesGrpc;
import io.linnet.containerd.proto.leases.ListRequest;
import io.linnet.containerd.proto.snapshots.SnapshotsGrpc;
import io.linnet.containerd.proto.snapshots.StatSnapshotRequest;
import io.linnet.containerd.proto.tasks.ListTasksRequest;
import io.linnet.containerd.proto.tasks.TasksGrpc;
import io.linnet.containerd.runtime.ContainerdRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs busybox containers on a real managed containerd (needs root), in temporary directories. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ContainerRunnerTest {

    private static final Path CONTAINERD = Path.of("/usr/bin/containerd");
    private static final String IMAGE = "linnet-run-test:latest";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private ContainerdRuntime runtime;
    private TaskEvents events;
    private ContainerRunner runner;
    private io.linnet.containerd.image.ImageRecords imageRecords;
    private final List<String> created = new ArrayList<>();

    @BeforeAll
    void start() {
        assumeTrue(Files.isExecutable(CONTAINERD), "containerd is not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "containerd needs root");
        assumeTrue(Files.isRegularFile(Path.of("/bin/busybox")), "no /bin/busybox");
        RuntimeSettings settings = RuntimeSettings.managed(dir.resolve("data"), dir.resolve("exec"), "linnet-run-test", false);
        runtime = new ContainerdRuntime(settings);
        TestImages.loadBusybox(runtime, IMAGE);
        events = new TaskEvents(runtime).open(Duration.ofSeconds(10));
        imageRecords = new io.linnet.containerd.image.ImageRecords(runtime);
        runner = new ContainerRunner(runtime, new RunnableImages(runtime, imageRecords), new SpecGenerator(SpecSettings.ofHost()), events,
                settings.execRoot().resolve("containers"), settings.dataRoot().resolve("containers"),
                new LogWriter(LogWriterTest.BUILT, settings.execRoot().resolve("logs")));
    }

    @AfterEach
    void cleanUp() {
        for (String id : created) {
            runner.kill(id, Signals.SIGKILL);
            try {
                runtime.blocking(TasksGrpc::newBlockingStub).delete(
                        io.linnet.containerd.proto.tasks.DeleteTaskRequest.newBuilder().setContainerId(id).build());
            } catch (StatusRuntimeException ignored) {
                // gone already
            }
            runner.remove(id);
        }
        created.clear();
    }

    @AfterAll
    void stop() {
        if (events != null) {
            events.close();
        }
        if (imageRecords != null) {
            imageRecords.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        assertEquals(List.of(), shims(), "shims left running");
    }

    private String newId() {
        String id = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        created.add(id);
        return id;
    }

    /** create → start → wait → delete → remove; returns the exit code and the log lines. */
    private Result run(ContainerSpec spec) throws Exception {
        String id = newId();
        runner.create(id, IMAGE, spec, Map.of("io.linnet.test", "yes"));
        RunningTask task = runner.start(id, -1, 1);
        TaskExit exit = runner.await(task, Duration.ofSeconds(30));
        Path log = runner.logPath(id);
        runner.delete(task);
        runner.remove(id);
        assertGone(id, task);
        return new Result(exit.exitCode(), readLog(log));
    }

    private record Result(int exitCode, List<JsonNode> log) {
    }

    private static List<JsonNode> readLog(Path log) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private void assertGone(String id, RunningTask task) {
        assertThrows(StatusRuntimeException.class, () -> runtime.blocking(SnapshotsGrpc::newBlockingStub)
                .stat(StatSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey(id).build()));
        assertTrue(runtime.blocking(ContainersGrpc::newBlockingStub).list(ListContainersRequest.newBuilder()
                .addFilters("id==" + id).build()).getContainersList().isEmpty());
        assertTrue(runtime.blocking(TasksGrpc::newBlockingStub).list(ListTasksRequest.newBuilder()
                .setFilter("id==" + id).build()).getTasksList().stream().noneMatch(t -> t.getId().equals(id)));
        assertFalse(Files.exists(task.fifos().dir()), "FIFO directory left: " + task.fifos().dir());
        assertEquals(0, runtime.blocking(LeasesGrpc::newBlockingStub).list(ListRequest.getDefaultInstance()).getLeasesCount());
        created.remove(id);
    }

    @Test
    void echoGoesToTheJsonFileLog() throws Exception {
        Result r = run(ContainerSpec.ofCmd(List.of("echo", "hi")));
        assertEquals(0, r.exitCode());
        assertEquals(1, r.log().size(), r.log().toString());
        assertEquals("hi\n", r.log().get(0).path("log").asText());
        assertEquals("stdout", r.log().get(0).path("stream").asText());
        assertTrue(r.log().get(0).path("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"),
                r.log().get(0).toString());
    }

    @Test
    void exitCodeAndStderr() throws Exception {
        Result r = run(ContainerSpec.ofCmd(List.of("sh", "-c", "echo err >&2; exit 3")));
        assertEquals(3, r.exitCode());
        assertEquals(1, r.log().size(), r.log().toString());
        assertEquals("err\n", r.log().get(0).path("log").asText());
        assertEquals("stderr", r.log().get(0).path("stream").asText());
    }

    @Test
    void userAndGroupsComeFromTheImageLayers() throws Exception {
        Result r = run(ContainerSpec.ofCmd(List.of("sh", "-c", "id -u; id -g; id -G; echo $HOME"))
                .withUser("app"));
        assertEquals(0, r.exitCode(), r.log().toString());
        List<String> out = r.log().stream().map(n -> n.path("log").asText().trim()).toList();
        // app is listed in staff (50) and audio (29); the primary gid comes first, as moby 24
        assertEquals(List.of("1000", "1000", "1000 29 50", "/home/app"), out);
    }

    @Test
    void aContainerIgnoringSigtermIsKilledAfterTheTimeout() throws Exception {
        String id = newId();
        runner.create(id, IMAGE, ContainerSpec.ofCmd(List.of("sh", "-c", "trap '' TERM; echo ready; sleep 60")), Map.of());
        RunningTask task = runner.start(id, -1, 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.readString(runner.logPath(id)).contains("ready") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long start = System.nanoTime();
        TaskExit exit = runner.stop(task, Signals.SIGTERM, Duration.ofSeconds(1));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(137, exit.exitCode());
        assertTrue(tookMs >= 1000 && tookMs < 5000, "stop took " + tookMs + " ms");
        runner.delete(task);
        runner.remove(id);
        assertGone(id, task);
    }

    @Test
    void warmCycleOfTrue() throws Exception {
        run(ContainerSpec.ofCmd(List.of("true"))); // warm-up
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            Result r = run(ContainerSpec.ofCmd(List.of("true")));
            micros.add((System.nanoTime() - start) / 1000);
            assertEquals(0, r.exitCode());
        }
        Collections.sort(micros);
        System.out.printf("warm create→start→wait→delete of `true`: median %.1f ms (min %.1f, max %.1f) over 10%n",
                (micros.get(4) + micros.get(5)) / 2000.0, micros.get(0) / 1000.0, micros.get(9) / 1000.0);
    }

    private static List<Long> shims() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("containerd-shim") && c.contains("linnet-run-test"))
                        .orElse(false))
                .map(ProcessHandle::pid).toList();
    }
}
