package io.linnet.itests;

import static io.linnet.itests.Commands.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Terminals, pause/unpause, restart, rename, log options: the rest of the docker run path. */
@WithLinnet
class ContainerLifecycleEndToEndIT {
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    private static String status(String name) throws Exception {
        return daemon.docker("ps", "-a", "--filter", "name=^" + name + "$", "--format", "{{.Status}}").assertSuccess()
                .stdout().trim();
    }

    @Test
    void interactiveShellThroughAPseudoTerminal() throws Exception {
        // script(1) gives the CLI a pty, as a user's terminal would; the commands are typed into it
        ProcessBuilder pb = daemon.cli().process("script", "-qec", "docker run -it --rm busybox sh", "/dev/null");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        var output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes());
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        Thread.sleep(2000);
        p.getOutputStream().write("tty; echo typed-$((40+2))\n".getBytes());
        p.getOutputStream().flush();
        Thread.sleep(1000);
        p.getOutputStream().write("exit 5\n".getBytes());
        p.getOutputStream().flush();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the shell ends with exit");
        String text = output.get(5, TimeUnit.SECONDS);
        assertEquals(5, p.exitValue(), text);
        assertTrue(text.contains("typed-42\r\n"), "a terminal answers with CR LF: " + text);
        assertTrue(text.contains("/dev/pts/0"), text);
        assertTrue(daemon.docker("ps", "-aq").stdout().isBlank(), "--rm removed it");
    }

    @Test
    void ttyContainersLogRawOutputAndResize() throws Exception {
        String id = daemon.docker("run", "-d", "-t", "--name", "tty", "busybox", "sh", "-c", "echo on-a-tty; sleep 30")
                .assertSuccess().stdout().trim();
        Thread.sleep(500);
        assertEquals("on-a-tty\r\n", daemon.docker("logs", "tty").assertSuccess().stdout());
        assertEquals(200, daemon.http().send("POST", "/v1.43/containers/tty/resize?h=40&w=100", "").status());
        daemon.docker("kill", "tty").assertSuccess();
        UnixHttp.Reply stopped = daemon.http().send("POST", "/v1.43/containers/tty/resize?h=40&w=100", "");
        assertEquals(409, stopped.status(), stopped.body());
        assertTrue(stopped.body().contains("Container " + id + " is not running"), stopped.body());
    }

    @Test
    void pauseUnpauseRestartAndRename() throws Exception {
        String id = daemon.docker("run", "-d", "--name", "p1", "busybox", "sleep", "300").assertSuccess().stdout().trim();
        daemon.docker("pause", "p1").assertSuccess();
        assertTrue(status("p1").endsWith("(Paused)"), status("p1"));
        assertEquals("paused", daemon.docker("inspect", "--format", "{{.State.Status}} {{.State.Paused}}", "p1")
                .assertSuccess().stdout().trim().split(" ")[0]);
        Commands.Result again = daemon.docker("pause", "p1");
        assertNotEquals(0, again.exitCode());
        assertTrue(again.stderr().contains("Container " + id + " is already paused"), again.stderr());
        daemon.docker("unpause", "p1").assertSuccess();
        assertTrue(status("p1").startsWith("Up"), status("p1"));
        assertTrue(daemon.docker("unpause", "p1").stderr().contains("Container " + id + " is not paused"));

        String startedBefore = daemon.docker("inspect", "--format", "{{.State.StartedAt}}", "p1").assertSuccess().stdout();
        daemon.docker("restart", "-t", "1", "p1").assertSuccess();
        assertTrue(status("p1").startsWith("Up"), status("p1"));
        assertNotEquals(startedBefore, daemon.docker("inspect", "--format", "{{.State.StartedAt}}", "p1").stdout());

        daemon.docker("rename", "p1", "p2").assertSuccess();
        assertEquals("/p2", daemon.docker("inspect", "--format", "{{.Name}}", id).assertSuccess().stdout().trim());
        daemon.docker("create", "--name", "other", "busybox").assertSuccess();
        Commands.Result taken = daemon.docker("rename", "p2", "other");
        assertTrue(taken.stderr().contains("Error when allocating new name: Conflict. The container name \"/other\" is already in use"),
                taken.stderr());
        assertTrue(daemon.docker("rename", "p2", "p2").stderr()
                .contains("Renaming a container with the same name as its current name"));

        // a paused container still stops, as with dockerd
        daemon.docker("pause", "p2").assertSuccess();
        daemon.docker("stop", "-t", "1", "p2").assertSuccess();
        assertTrue(status("p2").startsWith("Exited"), status("p2"));

        assertEquals(204, daemon.http().send("POST", "/v1.43/containers/other/remove?force=1", "").status());
        assertTrue(daemon.docker("inspect", "other").stderr().contains("No such object: other")
                || daemon.docker("inspect", "other").stderr().contains("No such container: other"));
    }

    @Test
    void logDriversAndRotation() throws Exception {
        daemon.docker("run", "--name", "rot", "--log-opt", "max-size=1k", "--log-opt", "max-file=2", "busybox", "sh", "-c",
                "i=0; while [ $i -lt 300 ]; do echo line $i; i=$((i+1)); done").assertSuccess();
        String logPath = daemon.docker("inspect", "--format", "{{.LogPath}}", "rot").assertSuccess().stdout().trim();
        assertTrue(Files.size(Path.of(logPath)) < 2048, "rotated at max-size");
        assertTrue(Files.exists(Path.of(logPath + ".1")));
        assertTrue(!Files.exists(Path.of(logPath + ".2")), "max-file=2 keeps two files");
        List<String> logs = lines(daemon.docker("logs", "rot").assertSuccess().stdout());
        assertEquals("line 299", logs.get(logs.size() - 1));

        assertEquals("hi\n", daemon.docker("run", "--log-driver", "none", "--name", "quiet", "busybox", "echo", "hi")
                .assertSuccess().stdout());
        assertEquals("", daemon.docker("inspect", "--format", "{{.LogPath}}", "quiet").assertSuccess().stdout().trim());
        assertTrue(daemon.docker("logs", "quiet").stderr().contains("configured logging driver does not support reading"));

        assertTrue(daemon.docker("run", "--log-driver", "bogus", "busybox", "true").stderr()
                .contains("logger: no log driver named 'bogus' is registered"));
        // moby's json-file takes max-file without max-size (nothing rotates), and refuses compress without it
        daemon.docker("run", "--rm", "--log-opt", "max-file=3", "busybox", "true").assertSuccess();
        assertTrue(daemon.docker("run", "--log-opt", "compress=true", "busybox", "true").stderr()
                .contains("compress cannot be true when max-size is not set"));
    }

    @Test
    void listFiltersAndSizes() throws Exception {
        daemon.docker("create", "--name", "first", "busybox").assertSuccess();
        Thread.sleep(20);
        daemon.docker("create", "--name", "second", "-v", "listed-vol:/data", "busybox").assertSuccess();
        Thread.sleep(20);
        daemon.docker("run", "--name", "third", "busybox", "sh", "-c", "head -c 5000 /dev/zero > /big").assertSuccess();
        assertEquals(List.of("third", "second"), lines(daemon.docker("ps", "-a", "--filter", "since=first", "--format",
                "{{.Names}}").assertSuccess().stdout()));
        assertEquals(List.of("first"), lines(daemon.docker("ps", "-a", "--filter", "before=second", "--format",
                "{{.Names}}").assertSuccess().stdout()));
        assertEquals(List.of("second"), lines(daemon.docker("ps", "-a", "--filter", "volume=listed-vol", "--format",
                "{{.Names}}").assertSuccess().stdout()));
        assertEquals(List.of("second"), lines(daemon.docker("ps", "-a", "--filter", "volume=/data", "--format",
                "{{.Names}}").assertSuccess().stdout()));
        assertTrue(daemon.docker("ps", "-a", "--filter", "since=nope").stderr().contains("No such container: nope"));
        String size = daemon.docker("ps", "-a", "-s", "--filter", "name=third", "--format", "{{.Size}}").assertSuccess()
                .stdout().trim();
        assertTrue(size.matches("[45](\\.\\d+)?kB \\(virtual \\d+(\\.\\d+)?MB\\)"), size);
        long rw = Long.parseLong(daemon.docker("inspect", "-s", "--format", "{{.SizeRw}}", "third").assertSuccess()
                .stdout().trim());
        assertTrue(rw >= 5000 && rw < 20000, "the written file: " + rw);
        daemon.docker("rm", "-v", "second").assertSuccess();
        daemon.docker("volume", "rm", "listed-vol").assertSuccess();
    }

    @Test
    void updateChangesLimitsOfARunningContainerAndItsRestartPolicy() throws Exception {
        daemon.docker("run", "-d", "--name", "upd", "-m", "64m", "busybox", "sleep", "300").assertSuccess();
        daemon.docker("update", "--memory", "128m", "--memory-swap", "256m", "--cpu-shares", "512", "--restart",
                "on-failure:3", "upd").assertSuccess();
        assertEquals("134217728 268435456 512 on-failure 3", daemon.docker("inspect", "--format",
                "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.CpuShares}} "
                        + "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}", "upd")
                .assertSuccess().stdout().trim());
        // the running task's cgroup has the new limit (v1 or v2)
        String pid = daemon.docker("inspect", "--format", "{{.State.Pid}}", "upd").assertSuccess().stdout().trim();
        String cgroup = Files.readAllLines(Path.of("/proc", pid, "cgroup")).stream()
                .filter(l -> l.contains(":memory:") || l.startsWith("0::")).findFirst().orElseThrow();
        String path = cgroup.substring(cgroup.lastIndexOf(':') + 1);
        Path v1 = Path.of("/sys/fs/cgroup/memory" + path, "memory.limit_in_bytes");
        Path v2 = Path.of("/sys/fs/cgroup" + path, "memory.max");
        assertEquals("134217728", Files.readString(Files.exists(v1) ? v1 : v2).trim());

        assertTrue(daemon.docker("update", "--memory", "16m", "--memory-swap", "8m", "upd").stderr()
                .contains("Minimum memoryswap limit should be larger than memory limit"));
        daemon.docker("run", "-d", "--rm", "--name", "upd-rm", "busybox", "sleep", "300").assertSuccess();
        assertTrue(daemon.docker("update", "--restart", "always", "upd-rm").stderr()
                .contains("Restart policy cannot be updated because AutoRemove is enabled for the container"));
    }

    @Test
    void pruneRemovesStoppedContainersOnly() throws Exception {
        String keep = daemon.docker("create", "--label", "keep=yes", "busybox").assertSuccess().stdout().trim();
        String gone = daemon.docker("create", "busybox").assertSuccess().stdout().trim();
        String running = daemon.docker("run", "-d", "busybox", "sleep", "300").assertSuccess().stdout().trim();
        String out = daemon.docker("container", "prune", "-f", "--filter", "label!=keep=yes").assertSuccess().stdout();
        assertTrue(out.startsWith("Deleted Containers:\n" + gone + "\n"), out);
        assertTrue(out.contains("Total reclaimed space:"), out);
        assertEquals(List.of(running, keep), lines(daemon.docker("ps", "-aq", "--no-trunc").assertSuccess().stdout()));
        daemon.docker("container", "prune", "-f").assertSuccess();
        assertEquals(List.of(running), lines(daemon.docker("ps", "-aq", "--no-trunc").assertSuccess().stdout()));
        UnixHttp.Reply bad = daemon.http().send("POST", "/v1.43/containers/prune?filters=%7B%22bogus%22%3A%5B%22x%22%5D%7D", "");
        assertEquals(400, bad.status(), bad.body());
    }

    @Test
    void attachWithLogsReplaysWhatTheContainerWrote() throws Exception {
        daemon.docker("run", "--name", "said", "busybox", "sh", "-c", "echo said-before; echo on-stderr >&2").assertSuccess();
        UnixHttp.Reply replay = daemon.http().send("POST",
                "/v1.43/containers/said/attach?logs=1&stream=0&stdout=1&stderr=1", "");
        assertEquals(200, replay.status(), replay.body());
        assertTrue(replay.body().contains("said-before\n") && replay.body().contains("on-stderr\n"), replay.body());
        UnixHttp.Reply stdoutOnly = daemon.http().send("POST", "/v1.43/containers/said/attach?logs=1&stdout=1", "");
        assertTrue(stdoutOnly.body().contains("said-before") && !stdoutOnly.body().contains("on-stderr"),
                stdoutOnly.body());
    }
}
