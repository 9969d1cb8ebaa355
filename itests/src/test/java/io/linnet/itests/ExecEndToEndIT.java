package io.linnet.itests;

import static io.linnet.itests.Commands.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker exec, top and stats with the real docker CLI against linnetd on containerd. */
@WithLinnet
class ExecEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    @TempDir
    static Path work;

    private static String runDetached(String name, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
        args.addAll(List.of(extra));
        args.addAll(List.of("busybox", "sleep", "1000"));
        return daemon.docker(args.toArray(String[]::new)).assertSuccess().stdout().trim();
    }

    @Test
    void execRunsCommandsWithOutputExitCodesEnvironmentAndUser() throws Exception {
        runDetached("ex");
        Commands.Result hello = daemon.docker("exec", "ex", "echo", "hello");
        assertEquals(0, hello.exitCode(), hello.stderr());
        assertEquals("hello\n", hello.stdout());

        Commands.Result split = daemon.docker("exec", "ex", "sh", "-c", "echo out; echo err >&2; exit 7");
        assertEquals(7, split.exitCode());
        assertEquals("out\n", split.stdout());
        assertEquals("err\n", split.stderr());

        Commands.Result env = daemon.docker("exec", "-e", "GREETING=hi there", "-w", "/tmp", "-u", "1234:55", "ex",
                "sh", "-c", "echo \"$GREETING|$(pwd)|$(id -u):$(id -g)|$PATH\"");
        assertEquals(0, env.exitCode(), env.stderr());
        assertEquals("hi there|/tmp|1234:55|/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n", env.stdout());

        // the container's own user and working directory by default
        assertEquals("0|/\n", daemon.docker("exec", "ex", "sh", "-c", "echo \"$(id -u)|$(pwd)\"").assertSuccess().stdout());

        Commands.Result missing = daemon.docker("exec", "ex", "no-such-binary");
        assertEquals(126, missing.exitCode(), missing.stdout() + missing.stderr());
        assertTrue((missing.stdout() + missing.stderr()).contains("no-such-binary"), missing.stdout() + missing.stderr());
    }

    @Test
    void stdinIsForwardedAndItsEndClosesTheProcessInput() throws Exception {
        runDetached("in");
        Commands.Result piped = daemon.cli().shell("printf 'one\\ntwo\\n' | docker exec -i in cat");
        assertEquals(0, piped.exitCode(), piped.stderr());
        assertEquals("one\ntwo\n", piped.stdout());
        Commands.Result pipedExit = daemon.cli().shell("echo x | docker exec -i in sh -c 'cat; exit 5'");
        assertEquals(5, pipedExit.exitCode(), pipedExit.stderr());
        assertEquals("x\n", pipedExit.stdout());
        Commands.Result big = daemon.cli().shell(
                "head -c 300000 /dev/zero | docker exec -i in sh -c 'cat > /tmp/big && ls -l /tmp/big'");
        assertEquals(0, big.exitCode(), big.stderr());
        assertTrue(big.stdout().contains(" 300000 "), big.stdout());
    }

    @Test
    void interactiveTtyThroughAPseudoTerminal() throws Exception {
        runDetached("tty");
        ProcessBuilder pb = daemon.cli().process("script", "-qec", "docker exec -it tty sh", "/dev/null");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(new OutputStream() {
                    @Override
                    public void write(int b) {
                        synchronized (seen) {
                            seen.write(b);
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        synchronized (seen) {
                            seen.write(b, off, len);
                        }
                    }
                });
            } catch (Exception ignored) {
                // ended
            }
        });
        reader.start();
        OutputStream in = p.getOutputStream();
        in.write("echo tty-$((40+2)) && test -t 0 && echo yes-$((1+1))tty\r".getBytes(StandardCharsets.UTF_8));
        in.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!text(seen).contains("yes-2tty") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(text(seen).contains("tty-42"), text(seen));
        assertTrue(text(seen).contains("yes-2tty"), text(seen));
        in.write("exit 3\r".getBytes(StandardCharsets.UTF_8));
        in.flush();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), text(seen));
        reader.join(5000);
        assertEquals(3, p.exitValue(), text(seen));
        // ctrl-p ctrl-q detaches the client; the process goes on
        ProcessBuilder detaching = daemon.cli().process("script", "-qec", "docker exec -it tty sh", "/dev/null")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process d = detaching.start();
        d.getOutputStream().write("exec sleep 555\r".getBytes(StandardCharsets.UTF_8));
        d.getOutputStream().flush();
        Thread.sleep(1500);
        d.getOutputStream().write(new byte[] {16, 17});
        d.getOutputStream().flush();
        assertTrue(d.waitFor(15, TimeUnit.SECONDS), "the client did not detach");
        assertTrue(daemon.docker("top", "tty").assertSuccess().stdout().contains("sleep 555"));
        // a TTY exec gets TERM
        assertEquals("xterm", daemon.cli().run("script", "-qec", "docker exec -t tty sh -c 'echo $TERM'",
                "/dev/null").stdout().trim());
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void execInstancesOverTheApiAsDockerd() throws Exception {
        String cid = runDetached("api");
        UnixHttp http = daemon.http();
        UnixHttp.Reply created = http.send("POST", "/v1.43/containers/api/exec",
                "{\"Cmd\":[\"sh\",\"-c\",\"sleep 0.3; exit 4\"],\"AttachStdout\":true,\"User\":\"\",\"Privileged\":false}");
        assertEquals(201, created.status(), created.body());
        String execId = JSON.readTree(created.body()).path("Id").asText();
        assertTrue(execId.matches("[0-9a-f]{64}"), created.body());

        JsonNode before = JSON.readTree(http.get("/v1.43/exec/" + execId + "/json").body());
        assertEquals(execId, before.path("ID").asText());
        assertFalse(before.path("Running").asBoolean());
        assertTrue(before.path("ExitCode").isNull(), before.toString());
        assertEquals(cid, before.path("ContainerID").asText());
        assertEquals("sh", before.path("ProcessConfig").path("entrypoint").asText());
        assertEquals("[\"-c\",\"sleep 0.3; exit 4\"]", before.path("ProcessConfig").path("arguments").toString());
        assertTrue(before.path("OpenStdout").asBoolean());
        assertFalse(before.path("OpenStdin").asBoolean());
        assertEquals(0, before.path("Pid").asInt());

        UnixHttp.Reply start = http.send("POST", "/v1.43/exec/" + execId + "/start", "{\"Detach\":true}");
        assertEquals(200, start.status(), start.body());
        JsonNode running = JSON.readTree(http.get("/v1.43/exec/" + execId + "/json").body());
        assertTrue(running.path("Running").asBoolean(), running.toString());
        assertTrue(running.path("Pid").asInt() > 0, running.toString());
        JsonNode after = running;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (after.path("ExitCode").isNull() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            after = JSON.readTree(http.get("/v1.43/exec/" + execId + "/json").body());
        }
        assertEquals(4, after.path("ExitCode").asInt(), after.toString());
        assertFalse(after.path("Running").asBoolean());

        UnixHttp.Reply again = http.send("POST", "/v1.43/exec/" + execId + "/start", "{\"Detach\":true}");
        assertEquals(409, again.status(), again.body());
        assertTrue(again.body().contains("Error: Exec command " + execId + " has already run"), again.body());

        UnixHttp.Reply unknown = http.get("/v1.43/exec/nope/json");
        assertEquals(404, unknown.status());
        assertEquals("{\"message\":\"No such exec instance: nope\"}", unknown.body().trim());
        assertEquals(404, http.send("POST", "/v1.43/exec/nope/start", "{}").status());
        assertEquals(404, http.send("POST", "/v1.43/exec/nope/resize?h=10&w=20", "").status());

        UnixHttp.Reply noCmd = http.send("POST", "/v1.43/containers/api/exec", "{\"Cmd\":[]}");
        assertEquals(400, noCmd.status(), noCmd.body());
        assertTrue(noCmd.body().contains("No exec command specified"), noCmd.body());
        UnixHttp.Reply noContainer = http.send("POST", "/v1.43/containers/ghost/exec", "{\"Cmd\":[\"true\"]}");
        assertEquals(404, noContainer.status());
        assertTrue(noContainer.body().contains("No such container: ghost"), noContainer.body());

        // resize of a running TTY exec
        String ttyExec = JSON.readTree(http.send("POST", "/v1.43/containers/api/exec",
                "{\"Cmd\":[\"sleep\",\"2\"],\"Tty\":true}").body()).path("Id").asText();
        assertEquals(200, http.send("POST", "/v1.43/exec/" + ttyExec + "/start", "{\"Detach\":true,\"Tty\":true}").status());
        assertEquals(200, http.send("POST", "/v1.43/exec/" + ttyExec + "/resize?h=30&w=100", "").status());
        assertEquals(400, http.send("POST", "/v1.43/exec/" + ttyExec + "/resize?h=x&w=100", "").status());
    }

    @Test
    void execOnAStoppedContainerIsAConflict() throws Exception {
        String id = daemon.docker("create", "--name", "idle", "busybox", "sleep", "100").assertSuccess().stdout().trim();
        Commands.Result r = daemon.docker("exec", "idle", "true");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("Container " + id + " is not running"), r.stderr());
        UnixHttp.Reply reply = daemon.http().send("POST", "/v1.43/containers/idle/exec", "{\"Cmd\":[\"true\"]}");
        assertEquals(409, reply.status());
    }

    @Test
    void topListsTheContainerProcessesWithPsArguments() throws Exception {
        String id = runDetached("top");
        daemon.docker("exec", "-d", "top", "sleep", "777").assertSuccess();
        Thread.sleep(300);
        String top = daemon.docker("top", "top").assertSuccess().stdout();
        List<String> rows = lines(top);
        assertTrue(rows.get(0).startsWith("UID") && rows.get(0).contains("PID") && rows.get(0).contains("CMD"), top);
        assertTrue(top.contains("sleep 1000"), top);
        assertTrue(top.contains("sleep 777"), top);
        assertEquals(3, rows.size(), top); // titles + two processes, nothing of the host

        JsonNode json = JSON.readTree(daemon.http().get("/v1.43/containers/top/top?ps_args=-o%20pid,comm").body());
        assertEquals("[\"PID\",\"COMMAND\"]", json.path("Titles").toString());
        assertEquals(2, json.path("Processes").size(), json.toString());
        assertEquals("sleep", json.path("Processes").get(0).get(1).asText());

        UnixHttp.Reply bad = daemon.http().get("/v1.43/containers/top/top?ps_args=--no-such-option");
        assertEquals(500, bad.status(), bad.body());
        assertTrue(bad.body().contains("\"message\":\"ps: "), bad.body());

        daemon.docker("stop", "-t", "0", "top").assertSuccess();
        Commands.Result stopped = daemon.docker("top", "top");
        assertNotEquals(0, stopped.exitCode());
        assertTrue(stopped.stderr().contains("Container " + id + " is not running"), stopped.stderr());
    }

    @Test
    void statsShowRealUsageOnceAndStreamed() throws Exception {
        String id = runDetached("st", "--memory", "64m");
        daemon.docker("exec", "-d", "st", "sh", "-c", "while true; do :; done").assertSuccess();
        Commands.Result cli = daemon.docker("stats", "--no-stream", "--format",
                "{{.Name}}|{{.CPUPerc}}|{{.MemUsage}}|{{.PIDs}}", "st");
        assertEquals(0, cli.exitCode(), cli.stderr());
        String[] f = cli.stdout().trim().split("\\|");
        assertEquals("st", f[0], cli.stdout());
        double cpu = Double.parseDouble(f[1].replace("%", ""));
        assertTrue(cpu > 5, cli.stdout()); // the busy loop shows
        assertTrue(f[2].endsWith("/ 64MiB") && !f[2].startsWith("0B"), cli.stdout());
        assertEquals("2", f[3], cli.stdout()); // sleep and the loop

        JsonNode once = JSON.readTree(daemon.http().get("/v1.43/containers/st/stats?stream=false").body());
        assertEquals(id, once.path("id").asText());
        assertEquals("/st", once.path("name").asText());
        assertTrue(once.path("memory_stats").path("usage").asLong() > 0, once.toString());
        assertEquals(64L * 1024 * 1024, once.path("memory_stats").path("limit").asLong(), once.toString());
        assertTrue(once.path("cpu_stats").path("online_cpus").asInt() > 0, once.toString());
        assertTrue(once.path("precpu_stats").path("system_cpu_usage").asLong() > 0, once.toString());
        assertNotEquals("0001-01-01T00:00:00Z", once.path("preread").asText());
        assertEquals(2, once.path("pids_stats").path("current").asInt(), once.toString());

        JsonNode oneShot = JSON.readTree(daemon.http().get("/v1.43/containers/st/stats?stream=false&one-shot=true").body());
        assertEquals("0001-01-01T00:00:00Z", oneShot.path("preread").asText());
        assertTrue(oneShot.path("cpu_stats").path("cpu_usage").path("total_usage").asLong() > 0, oneShot.toString());

        Commands.Result streamed = daemon.curl("-N", "--max-time", "2.5", "http://localhost/v1.43/containers/st/stats");
        List<String> objects = lines(streamed.stdout());
        assertTrue(objects.size() >= 2, streamed.stdout());
        JsonNode second = JSON.readTree(objects.get(1));
        assertEquals(JSON.readTree(objects.get(0)).path("read").asText(), second.path("preread").asText());

        daemon.docker("stop", "-t", "0", "st").assertSuccess();
        JsonNode stopped = JSON.readTree(daemon.http().get("/v1.43/containers/st/stats?stream=false").body());
        assertEquals("0001-01-01T00:00:00Z", stopped.path("read").asText());
        assertEquals(0, stopped.path("cpu_stats").path("cpu_usage").path("total_usage").asLong());
        assertTrue(stopped.path("memory_stats").isEmpty(), stopped.toString());
        assertEquals("/st", stopped.path("name").asText());
        String zero = daemon.docker("stats", "--no-stream", "--format", "{{.CPUPerc}}|{{.MemUsage}}", "st")
                .assertSuccess().stdout().trim();
        assertEquals("0.00%|0B / 0B", zero);
        assertEquals(404, daemon.http().get("/v1.43/containers/ghost/stats?stream=false").status());
    }
}
