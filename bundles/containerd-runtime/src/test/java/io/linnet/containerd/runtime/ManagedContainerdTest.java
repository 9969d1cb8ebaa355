package io.linnet.containerd.runtime;

import com.google.protobuf.Empty;
import io.grpc.StatusRuntimeException;
import io.linnet.containerd.client.ContainerdChannel;
import io.linnet.containerd.config.ManagedLayout;
import io.linnet.containerd.config.RuntimeSettings;
import io.linnet.containerd.managed.ContainerdConfig;
import io.linnet.containerd.proto.version.VersionGrpc;
import io.linnet.containerd.proto.version.VersionResponse;
import io.linnet.containerd.system.ContainerdSystemService;
import io.linnet.engine.api.UnavailableException;
import io.linnet.engine.api.system.EngineInfo;
import io.linnet.engine.api.system.ObjectCounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the real /usr/bin/containerd (needs root) in temporary directories. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ManagedContainerdTest {

    private static final Path CONTAINERD = Path.of("/usr/bin/containerd");

    @TempDir
    Path dir;
    private RuntimeSettings settings;
    private ManagedLayout layout;

    @BeforeEach
    void requireRootAndContainerd() {
        assumeTrue(Files.isExecutable(CONTAINERD), "containerd is not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "containerd needs root");
        settings = RuntimeSettings.managed(dir.resolve("data"), dir.resolve("exec"), "linnet-test", false);
        layout = settings.managedLayout();
    }

    @Test
    void startsAnswersCountsSurvivesACrashAndStopsCleanly() throws Exception {
        long start = System.nanoTime();
        ContainerdRuntime runtime = new ContainerdRuntime(settings);
        long activated = (System.nanoTime() - start) / 1_000_000;
        ContainerdSystemService system = new ContainerdSystemService(runtime);
        try {
            System.out.printf("managed containerd: activation %d ms, launch to first Version answer %d ms%n",
                    activated, runtime.managedContainerd().lastStartup().toMillis());

            VersionResponse version = VersionGrpc.newBlockingStub(runtime.channel()).version(Empty.getDefaultInstance());
            assertTrue(version.getVersion().startsWith("1.6."), version.getVersion());

            assertEquals(new ObjectCounts(0, 0, 0, 0, 0), system.counts());
            EngineInfo info = system.engineInfo();
            assertEquals(version.getVersion(), info.component("containerd").version());
            assertNotNull(info.component("runc"), info.toString());
            assertEquals(Files.readString(settings.dataRoot().resolve("engine-id")).trim(), info.id());
            assertEquals(info.id(), system.engineInfo().id());
            assertEquals("linnet-test", info.containerdNamespace());
            assertTrue(Files.isRegularFile(layout.configFile()));
            assertEquals(String.valueOf(runtime.managedContainerd().process().pid()),
                    Files.readString(layout.pidFile()).trim());

            // containerd dies: the supervisor starts a new one and the same channel reaches it
            ProcessHandle first = runtime.managedContainerd().process();
            long crashed = System.nanoTime();
            first.destroyForcibly();
            assertTrue(first.onExit().get(5, TimeUnit.SECONDS) != null);
            awaitTrue(Duration.ofSeconds(10), () -> answers(runtime));
            ProcessHandle second = runtime.managedContainerd().process();
            assertNotEquals(first.pid(), second.pid());
            System.out.printf("managed containerd: answering again %d ms after being killed%n",
                    (System.nanoTime() - crashed) / 1_000_000);
            assertEquals(new ObjectCounts(0, 0, 0, 0, 0), system.counts());
        } finally {
            ProcessHandle last = runtime.managedContainerd().process();
            List<ProcessHandle> children = last == null ? List.of() : last.descendants().toList();
            runtime.close();
            if (last != null) {
                assertFalse(last.isAlive(), "containerd still running");
            }
            children.forEach(child -> assertFalse(child.isAlive(), "child left running: " + child.pid()));
        }
        assertNoContainerdWithOurConfig();
        assertFalse(Files.exists(layout.pidFile()));
        UnavailableException unavailable = assertThrows(UnavailableException.class, system::counts);
        assertTrue(unavailable.getMessage().contains(layout.grpcSocket().toString()), unavailable.getMessage());
        awaitTrue(Duration.ofSeconds(5), () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("containerd-")));
    }

    @Test
    void adoptsTheContainerdACrashedDaemonLeftAndReplacesOneWithAnotherConfig() throws Exception {
        // same configuration: adopted, not restarted
        Process leftOver = launchByHand(ContainerdConfig.render(layout, false));
        ContainerdRuntime runtime = new ContainerdRuntime(settings);
        try {
            assertEquals(leftOver.pid(), runtime.managedContainerd().process().pid());
            assertTrue(answers(runtime));
        } finally {
            runtime.close();
        }
        assertTrue(leftOver.waitFor(5, TimeUnit.SECONDS), "adopted containerd not stopped");

        // another configuration: stopped and replaced
        Process stale = launchByHand(ContainerdConfig.render(layout, true));
        runtime = new ContainerdRuntime(settings);
        try {
            assertTrue(stale.waitFor(5, TimeUnit.SECONDS), "stale containerd left running");
            assertNotEquals(stale.pid(), runtime.managedContainerd().process().pid());
            assertTrue(answers(runtime));
        } finally {
            runtime.close();
        }
        assertNoContainerdWithOurConfig();
    }

    @Test
    void aContainerdReleasedByOneRevisionIsAdoptedByTheNext() throws Exception {
        ContainerdRuntime first = new ContainerdRuntime(settings);
        ProcessHandle running = first.managedContainerd().process();
        first.release(); // a live update of the engine bundle
        assertTrue(running.isAlive(), "released containerd stopped");
        assertEquals(String.valueOf(running.pid()), Files.readString(layout.pidFile()).trim());
        ContainerdRuntime next = new ContainerdRuntime(settings);
        try {
            assertEquals(running.pid(), next.managedContainerd().process().pid());
            assertEquals(Duration.ZERO, next.managedContainerd().lastStartup());
            assertTrue(answers(next));
        } finally {
            next.close();
        }
        assertTrue(running.onExit().get(10, TimeUnit.SECONDS) != null);
        assertNoContainerdWithOurConfig();
    }

    /** What a crashed daemon leaves: a containerd with the generated config, its pid file, answering. */
    private Process launchByHand(String config) throws Exception {
        Files.createDirectories(layout.state());
        Files.writeString(layout.configFile(), config);
        Process process = new ProcessBuilder(CONTAINERD.toString(), "--config", layout.configFile().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Files.writeString(layout.pidFile(), process.pid() + "\n");
        try (ContainerdChannel channel = ContainerdChannel.open(layout.grpcSocket(), "linnet-test")) {
            awaitTrue(Duration.ofSeconds(10), () -> channel.answers(Duration.ofSeconds(1)));
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
        return process;
    }

    private static boolean answers(ContainerdRuntime runtime) {
        try {
            VersionGrpc.newBlockingStub(runtime.channel()).withDeadlineAfter(1, TimeUnit.SECONDS)
                    .version(Empty.getDefaultInstance());
            return true;
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    private void assertNoContainerdWithOurConfig() {
        String config = layout.configFile().toString();
        List<Long> running = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(config)).orElse(false))
                .map(ProcessHandle::pid)
                .toList();
        assertEquals(List.of(), running, "containerd processes left running");
    }

    private static void awaitTrue(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout.toMillis() + " ms");
            }
            Thread.sleep(20);
        }
    }
}
