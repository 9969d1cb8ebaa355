package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * containerd dies under the daemon (SIGKILL) while containers run and a client keeps asking: the
 * containers run on (their shims outlive containerd), the daemon reconnects to the new containerd,
 * exits that happened while containerd was away are recorded with their codes and restart
 * policies act on them, and no request hangs meanwhile. Managed containerd (the daemon restarts it)
 * and an external one (the test restarts it).
 */
class ContainerdFaultsEndToEndIT {

    /** A request made while containerd is away waits for it a few seconds at most, then answers. */
    private static final long REQUEST_BOUND_MS = 10_000;

    @Test
    void aKilledManagedContainerdIsRestartedAndTheExitsInTheGapAreRecorded() throws Exception {
        try (LinnetDaemon daemon = LinnetDaemon.start()) {
            try {
                daemon.loadBusybox(Files.createTempDirectory(daemon.root, "faults-"), "faults");
                startContainers(daemon);
                ProcessHandle containerd = managedContainerd(daemon);
                try (PsLoop ps = new PsLoop(daemon)) {
                    killContainerdThenContainers(daemon, containerd);
                    awaitRecovered(daemon);
                    assertNotEquals(containerd.pid(), managedContainerd(daemon).pid(), "a new containerd runs");
                    assertExitsRecordedAndPoliciesApplied(daemon);
                    ps.assertAnsweredWithinBound();
                }
            } finally {
                daemon.removeAllContainers();
            }
        }
    }

    @Test
    void anExternalContainerdThatRestartsIsFollowed() throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "linnet-e2e-extctd-");
        Path state = root.resolve("ctd-state");
        Path socket = state.resolve("c.sock");
        Path config = root.resolve("containerd.toml");
        Files.createDirectories(state);
        Files.writeString(config, """
                version = 2
                root = "%s"
                state = "%s"
                disabled_plugins = ["io.containerd.grpc.v1.cri"]
                [grpc]
                  address = "%s"
                [ttrpc]
                  address = "%s.ttrpc"
                """.formatted(root.resolve("ctd-root"), state, socket, socket));
        Process containerd = startContainerd(config, root.resolve("containerd.log"), socket);
        try (LinnetDaemon daemon = LinnetDaemon.startIn(root, "--containerd", socket.toString())) {
            try {
                daemon.loadBusybox(Files.createTempDirectory(daemon.root, "faults-"), "faults");
                startContainers(daemon);
                try (PsLoop ps = new PsLoop(daemon)) {
                    killContainerdThenContainers(daemon, containerd.toHandle());
                    containerd.waitFor(10, TimeUnit.SECONDS);
                    // away longer than the shims retry publishing their exit events (about 15 s): the
                    // daemon learns of these exits only by asking the new containerd for its tasks
                    Thread.sleep(20_000);
                    containerd = startContainerd(config, root.resolve("containerd.log"), socket);
                    awaitRecovered(daemon);
                    assertExitsRecordedAndPoliciesApplied(daemon);
                    ps.assertAnsweredWithinBound();
                }
            } finally {
                daemon.removeAllContainers();
            }
        } finally {
            containerd.destroy();
            if (!containerd.waitFor(10, TimeUnit.SECONDS)) {
                containerd.destroyForcibly().waitFor();
            }
            // shims outlive containerd: none of this test's may stay
            ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(state.toString()))
                    .orElse(false)).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static void startContainers(LinnetDaemon daemon) throws Exception {
        daemon.docker("run", "-d", "--name", "keeps", "busybox", "sleep", "300").assertSuccess();
        daemon.docker("run", "-d", "--name", "always", "--restart", "always", "busybox", "sleep", "300").assertSuccess();
        daemon.docker("run", "-d", "--name", "once", "--restart", "no", "busybox", "sleep", "300").assertSuccess();
    }

    private static String inspect(LinnetDaemon daemon, String format, String name) throws Exception {
        return daemon.docker("inspect", "--format", format, name).assertSuccess().stdout().trim();
    }

    /** pids of the three containers before; containerd killed, then two containers while it is away. */
    private static long keepsPid;
    private static long alwaysPid;

    private static void killContainerdThenContainers(LinnetDaemon daemon, ProcessHandle containerd) throws Exception {
        keepsPid = Long.parseLong(inspect(daemon, "{{.State.Pid}}", "keeps"));
        alwaysPid = Long.parseLong(inspect(daemon, "{{.State.Pid}}", "always"));
        long oncePid = Long.parseLong(inspect(daemon, "{{.State.Pid}}", "once"));
        containerd.destroyForcibly();
        containerd.onExit().get(10, TimeUnit.SECONDS);
        // their processes die while no containerd hears of it: only the shims see these exits
        ProcessHandle.of(alwaysPid).orElseThrow().destroyForcibly();
        ProcessHandle.of(oncePid).orElseThrow().destroyForcibly();
    }

    /** Polls until the restarted container runs again: containerd is back and the daemon has caught up. */
    private static void awaitRecovered(LinnetDaemon daemon) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            Commands.Result r = daemon.docker("inspect", "--format", "{{.State.Running}} {{.RestartCount}}", "always");
            last = r.stdout().trim() + r.stderr().trim();
            if (last.equals("true 1")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the 'always' container did not come back: " + last + "\n" + daemon.logText());
    }

    private static void assertExitsRecordedAndPoliciesApplied(LinnetDaemon daemon) throws Exception {
        assertEquals("true " + keepsPid, inspect(daemon, "{{.State.Running}} {{.State.Pid}}", "keeps"),
                "a container containerd's death did not touch runs on, the same process");
        assertTrue(ProcessHandle.of(keepsPid).map(ProcessHandle::isAlive).orElse(false));
        assertNotEquals(String.valueOf(alwaysPid), inspect(daemon, "{{.State.Pid}}", "always"), "a new process");
        assertEquals("exited 137 0", inspect(daemon, "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}", "once"),
                "the exit in the gap is recorded with its code; restart policy no leaves it exited");
        String ps = daemon.docker("ps", "--format", "{{.Names}}").assertSuccess().stdout();
        assertEquals(List.of("always", "keeps"), Commands.lines(ps).stream().sorted().toList());
        assertTrue(daemon.docker("ps", "-a", "--filter", "exited=137", "--format", "{{.Names}}").assertSuccess()
                .stdout().contains("once"));
        // the daemon works as before with the new containerd
        assertEquals("hello", daemon.docker("run", "--rm", "busybox", "echo", "hello").assertSuccess().stdout().trim());
        daemon.docker("exec", "keeps", "true").assertSuccess();
    }

    private static ProcessHandle managedContainerd(LinnetDaemon daemon) {
        return daemon.descendants().stream()
                .filter(p -> p.info().command().map(c -> c.endsWith("/containerd")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no managed containerd among " + daemon.descendants()));
    }

    private static Process startContainerd(Path config, Path log, Path socket) throws Exception {
        Files.deleteIfExists(socket);
        Process p = new ProcessBuilder("containerd", "--config", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!Files.exists(socket)) {
            assertTrue(p.isAlive() && System.currentTimeMillis() < deadline, "containerd did not start:\n"
                    + Files.readString(log));
            Thread.sleep(20);
        }
        return p;
    }

    /** A client listing containers over and over from another thread; every answer is timed. */
    private static final class PsLoop implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<String> slow = new CopyOnWriteArrayList<>();
        private final List<String> answers = new CopyOnWriteArrayList<>();
        private final Thread thread;

        PsLoop(LinnetDaemon daemon) {
            thread = new Thread(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    try {
                        Commands.Result r = daemon.docker("ps", "--format", "{{.Names}}");
                        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                        answers.add(r.exitCode() + " " + ms + "ms " + r.stderr().trim());
                        if (ms > REQUEST_BOUND_MS) {
                            slow.add(ms + " ms: " + r.stderr());
                        }
                    } catch (Exception e) {
                        slow.add(e.toString());
                    }
                }
            }, "ps-loop");
            thread.start();
        }

        void assertAnsweredWithinBound() throws InterruptedException {
            running.set(false);
            thread.join(60_000);
            assertFalse(thread.isAlive(), "docker ps hung");
            assertTrue(slow.isEmpty(), "slow or failed docker ps: " + slow + " of " + answers);
            assertTrue(answers.size() >= 3, answers.toString());
            assertTrue(answers.get(answers.size() - 1).startsWith("0 "), "docker ps works again: " + answers);
            for (String a : answers) {
                // answered, or refused with a message that says why
                assertTrue(a.startsWith("0 ") || a.contains("containerd"), "unclear answer: " + a);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(60_000);
        }
    }
}
