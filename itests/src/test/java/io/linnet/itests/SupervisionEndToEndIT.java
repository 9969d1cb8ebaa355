package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The daemon as a supervisor: restart policies (also across a daemon restart), --init, OOM kills. */
class SupervisionEndToEndIT {

    private static void load(LinnetDaemon daemon) throws Exception {
        Path work = Files.createTempDirectory(daemon.root, "supervision-");
        daemon.loadBusybox(work, "supervision");
    }

    private static String inspect(LinnetDaemon daemon, String format, String name) throws Exception {
        return daemon.docker("inspect", "--format", format, name).assertSuccess().stdout().trim();
    }

    /** Polls until the inspect format shows the expected text (restarts take their back-off). */
    private static void await(LinnetDaemon daemon, String format, String name, String expected) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = inspect(daemon, format, name);
            if (last.equals(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        assertEquals(expected, last, name);
    }

    @Test
    void restartPoliciesAsDockerdAppliesThemAlsoAcrossADaemonRestart() throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "linnet-e2e-supervision-");
        LinnetDaemon first = LinnetDaemon.startIn(root);
        try {
            load(first);
            first.docker("run", "-d", "--name", "twice", "--restart", "on-failure:2", "busybox", "sh", "-c", "exit 3")
                    .assertSuccess();
            await(first, "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}", "twice", "2 exited 3");
            Thread.sleep(500);
            assertEquals("2 exited", inspect(first, "{{.RestartCount}} {{.State.Status}}", "twice"), "exactly twice");

            first.docker("run", "-d", "--name", "always", "--restart", "always", "busybox", "sleep", "300").assertSuccess();
            long pid = Long.parseLong(inspect(first, "{{.State.Pid}}", "always"));
            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // its process dies, not by a user's hand
            await(first, "{{.RestartCount}} {{.State.Running}}", "always", "1 true");
            assertNotEquals(pid, Long.parseLong(inspect(first, "{{.State.Pid}}", "always")));

            first.docker("run", "-d", "--name", "unless", "--restart", "unless-stopped", "busybox", "sleep", "300")
                    .assertSuccess();
            first.docker("run", "-d", "--name", "unless-running", "--restart", "unless-stopped", "busybox", "sleep", "300")
                    .assertSuccess();
            first.docker("stop", "-t", "0", "always", "unless").assertSuccess();
            Thread.sleep(1000);
            assertEquals("false", inspect(first, "{{.State.Running}}", "always"), "a user's stop is final");
            assertEquals("false", inspect(first, "{{.State.Running}}", "unless"));

            Commands.Result rm = first.docker("run", "--rm", "--restart", "always", "busybox", "true");
            assertNotEquals(0, rm.exitCode());
            UnixHttp.Reply raw = first.http().send("POST", "/v1.43/containers/create",
                    "{\"Image\":\"busybox\",\"HostConfig\":{\"AutoRemove\":true,\"RestartPolicy\":{\"Name\":\"always\"}}}");
            assertEquals(400, raw.status());
            assertTrue(raw.body().contains("can't create 'AutoRemove' container with restart policy"), raw.body());
            assertEquals(0, first.terminate(), first.logText());
        } finally {
            first.close();
        }
        try (LinnetDaemon second = LinnetDaemon.startIn(root)) {
            await(second, "{{.State.Running}}", "always", "true");
            assertEquals("false", inspect(second, "{{.State.Running}}", "unless"), "unless-stopped stays stopped");
            assertEquals("true", inspect(second, "{{.State.Running}}", "unless-running"));
            assertEquals("exited", inspect(second, "{{.State.Status}}", "twice"));
            for (String name : List.of("twice", "always", "unless", "unless-running")) {
                second.docker("rm", "-f", name).assertSuccess();
            }
        }
    }

    @Test
    void initReapsZombiesAndForwardsStopSignalsAndOomKillsShow() throws Exception {
        try (LinnetDaemon daemon = LinnetDaemon.start()) {
            load(daemon);
            // the orphan's parent becomes PID 1: a plain sleep never reaps it, the init does
            String orphans = "(sleep 0.2 &); exec sleep 300";
            daemon.docker("run", "-d", "--name", "bare", "busybox", "sh", "-c", orphans).assertSuccess();
            daemon.docker("run", "-d", "--name", "init", "--init", "busybox", "sh", "-c", orphans).assertSuccess();
            Thread.sleep(1500);
            assertTrue(childStates(inspect(daemon, "{{.State.Pid}}", "bare")).contains("Z"), "a zombie without init");
            assertFalse(childStates(inspect(daemon, "{{.State.Pid}}", "init")).contains("Z"), "reaped by the init");
            assertEquals("docker-init", daemon.docker("run", "--rm", "--init", "busybox", "ps", "-o", "comm")
                    .assertSuccess().stdout().lines().skip(1).findFirst().orElse(""));

            long start = System.nanoTime();
            daemon.docker("stop", "init").assertSuccess();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5000, "the init passes SIGTERM on: " + millis + " ms");
            daemon.docker("rm", "-f", "bare", "init").assertSuccess();

            daemon.docker("run", "--name", "oom", "-m", "16m", "busybox", "sh", "-c",
                    "head -c 300m /dev/zero | tail > /dev/null");
            assertEquals("true 137", inspect(daemon, "{{.State.OOMKilled}} {{.State.ExitCode}}", "oom"));
            daemon.docker("rm", "oom").assertSuccess();
        }
    }

    private static void assertOutputWholeAndRmContainerGone(LinnetDaemon second) throws Exception {
        assertEquals("true", inspect(second, "{{.State.Running}}", "ticker"));
        Thread.sleep(3500);
        List<String> ticks = Commands.lines(second.docker("logs", "ticker").assertSuccess().stdout());
        assertTrue(ticks.size() > 20, ticks.toString());
        // The ticks before and after the crash are all there, in order. The one line a copier may have
        // read from the FIFO but not yet written when SIGKILL came can be missing (dockerd's copier has
        // the same window); nothing else.
        assertEquals("0", ticks.get(0));
        int missing = 0;
        for (int i = 1; i < ticks.size(); i++) {
            int gap = Integer.parseInt(ticks.get(i)) - Integer.parseInt(ticks.get(i - 1));
            assertTrue(gap >= 1, "in order: " + ticks);
            missing += gap - 1;
        }
        assertTrue(missing <= 1, "at most the line in flight at the crash is lost: " + ticks);
        // the --rm container ended after the crash: the new daemon removes it as the old one would have
        // (its exit is recorded in the background after the start; a loaded machine may take seconds)
        boolean gone = false;
        for (int i = 0; i < 40 && !gone; i++) {
            gone = second.docker("ps", "-a", "--format", "{{.Names}}").assertSuccess().stdout()
                    .lines().noneMatch("short"::equals);
            if (!gone) {
                Thread.sleep(250);
            }
        }
        assertTrue(gone, "the --rm container that ended while no daemon ran is still there");
    }

    @Test
    void aCrashedDaemonFindsItsContainersAndLosesNoOutput() throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "linnet-e2e-crash-");
        LinnetDaemon first = LinnetDaemon.startIn(root);
        List<ProcessHandle> survivors;
        try {
            load(first);
            first.docker("run", "-d", "--name", "ticker", "busybox", "sh", "-c",
                    "i=0; while true; do echo $i; i=$((i+1)); sleep 0.1; done").assertSuccess();
            first.docker("run", "-d", "--rm", "--name", "short", "busybox", "sleep", "3").assertSuccess();
            Thread.sleep(500);
            survivors = first.crash(); // kill -9: no clean shutdown of anything
        } finally {
            first.close();
        }
        try (LinnetDaemon second = LinnetDaemon.startIn(root)) {
            try {
                assertOutputWholeAndRmContainerGone(second);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nthe second daemon's log:\n" + second.logText(), e);
            } finally {
                second.docker("rm", "-f", "ticker"); // also when an assertion failed: no task outlives the test
            }
        } finally {
            survivors.forEach(p -> {
                if (p.isAlive()) {
                    p.destroyForcibly(); // the first daemon's containerd, if the second did not adopt it
                }
            });
        }
    }

    /** The process states (R, S, Z...) of a host process's children. */
    private static String childStates(String pid) throws Exception {
        return Commands.run("ps", "--ppid", pid, "-o", "stat=").stdout();
    }
}
