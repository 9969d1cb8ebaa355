package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Container output as users see it, written by the per-task log writer outside the daemon: nothing
 * lost when the daemon is killed, {@code docker logs} byte-identical to what the container wrote,
 * follow across rotations, attach and attached runs with and without a TTY, the none driver.
 * The class runs one daemon; the crash test replaces it with the one it restarts in the same root.
 */
class ContainerLogsEndToEndIT {

    private static Path root;
    private static LinnetDaemon daemon;
    private static final List<ProcessHandle> SURVIVORS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "linnet-e2e-");
        daemon = LinnetDaemon.startIn(root);
        daemon.loadBusybox(Files.createTempDirectory(root, "image-"), "logs");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (daemon != null && daemon.process().isAlive()) {
                daemon.removeAllContainers();
                daemon.close();
            }
        } finally {
            for (ProcessHandle p : SURVIVORS) {
                p.destroyForcibly(); // a crashed daemon's containerd, if the next one did not adopt it
            }
            if (daemon != null) {
                for (ProcessHandle stray : daemon.strays()) {
                    stray.destroyForcibly();
                    stray.onExit().get(10, TimeUnit.SECONDS);
                }
                if (!Boolean.getBoolean("linnet.itests.keepRoots")) {
                    daemon.deleteRoot();
                }
            }
        }
    }

    /** The docker CLI's stdout and stderr as bytes. */
    private record Output(int exitCode, byte[] stdout, byte[] stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        String err() {
            return new String(stderr, StandardCharsets.UTF_8);
        }
    }

    private static Output docker(byte[] stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        ProcessBuilder pb = daemon.cli().process(command.toArray(String[]::new));
        if (stdin == null) {
            pb.redirectInput(new File("/dev/null"));
        }
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> all(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> all(p.getErrorStream()));
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin);
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + args[0] + " did not end");
        }
        return new Output(p.exitValue(), out.join(), err.join());
    }

    private static byte[] all(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text and bytes no log may change: controls, quotes, HTML, multi-byte UTF-8, NUL, long and empty lines. */
    private static byte[] corpus(String seed) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((seed + " plain line\n").getBytes(StandardCharsets.UTF_8));
        for (int c = 0; c < 0x20; c++) {
            if (c != '\n') {
                b.write(c);
            }
        }
        b.write('\n');
        b.writeBytes("tabs\tand \"quotes\" \\ back <html> & amp\r\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes("é 中文 😀 \u2028 \u2029 \u007f\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes("\n\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(("L".repeat(16 * 1024 - 1) + "\n").getBytes(StandardCharsets.UTF_8)); // 16 KiB with its newline
        b.writeBytes(("M".repeat(16 * 1024) + "\n").getBytes(StandardCharsets.UTF_8));     // one byte more
        b.writeBytes(("é".repeat(30_000) + "\n").getBytes(StandardCharsets.UTF_8));       // split inside a character
        b.writeBytes((seed + " the end, no newline").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    @Test
    void logsAreByteIdenticalToWhatTheContainerWrotePerStream() throws Exception {
        Path dir = Files.createTempDirectory(root, "corpus-");
        byte[] out = corpus("stdout");
        byte[] err = corpus("stderr");
        Files.write(dir.resolve("out"), out);
        Files.write(dir.resolve("err"), err);
        daemon.docker("run", "--name", "corpus", "-v", dir + ":/c:ro", "busybox", "sh", "-c",
                "cat /c/out & cat /c/err >&2; wait").assertSuccess();
        Output logs = docker(null, "logs", "corpus");
        assertEquals(0, logs.exitCode(), logs.err());
        assertArrayEquals(out, logs.stdout(), "stdout as written");
        assertArrayEquals(err, logs.stderr(), "stderr as written");
        // --tail from the end, -t with each line's time, --since and --until
        daemon.docker("run", "--name", "tailed", "busybox", "sh", "-c", "seq 1 1000").assertSuccess();
        String tail = docker(null, "logs", "--tail", "2", "-t", "tailed").out();
        assertTrue(tail.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z 999\n"
                + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z 1000\n"), tail);
        assertEquals("", docker(null, "logs", "--until", "2000-01-01T00:00:00Z", "tailed").out());
        assertEquals("", docker(null, "logs", "--since", "2100-01-01T00:00:00Z", "tailed").out());
        assertEquals(1000, Commands.lines(docker(null, "logs", "--since", "2000-01-01T00:00:00Z", "tailed").out()).size());
        // invalid UTF-8 is kept as dockerd keeps it: each bad byte becomes U+FFFD
        daemon.docker("run", "--name", "invalid", "busybox", "printf", "a\\377b\\355\\240\\200c\\n").assertSuccess();
        assertEquals("a\uFFFDb\uFFFD\uFFFD\uFFFDc\n", docker(null, "logs", "invalid").out());
    }

    @Test
    void logsFollowAcrossRotationsUntilTheContainerEnds() throws Exception {
        daemon.docker("run", "-d", "--name", "rotating", "--log-opt", "max-size=10k", "--log-opt", "max-file=3",
                "busybox", "sh", "-c", "sleep 2; i=1; while [ $i -le 3000 ]; do echo line-$i; "
                        + "[ $((i % 100)) = 0 ] && sleep 0.05; i=$((i+1)); done").assertSuccess();
        Output follow = docker(null, "logs", "-f", "rotating");
        List<String> lines = Commands.lines(follow.out());
        assertEquals(3000, lines.size(), "every line once, across the rotations: " + follow.err());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals("line-" + (i + 1), lines.get(i));
        }
        Path log = daemon.dataRoot.resolve("containers");
        try (var files = Files.walk(log)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().endsWith("-json.log.2")), "rotated as dockerd");
        }
        // what is kept afterwards is the newest part, ending with the last line
        List<String> kept = Commands.lines(daemon.docker("logs", "rotating").assertSuccess().stdout());
        assertEquals("line-3000", kept.get(kept.size() - 1));
        assertTrue(kept.size() < 3000, "rotated away: " + kept.size());
    }

    @Test
    void attachedRunsStartsAndAttachesGetTheOutputWithAndWithoutTty() throws Exception {
        Output run = docker(null, "run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, run.exitCode());
        assertEquals("out\n", run.out());
        assertEquals("err\n", run.err());
        // a lot of output, all of it in order
        Output many = docker(null, "run", "--rm", "busybox", "sh", "-c", "seq 1 200000");
        List<String> numbers = Commands.lines(many.out());
        assertEquals(200_000, numbers.size());
        assertEquals("200000", numbers.get(numbers.size() - 1));
        // stdin still goes through the daemon, without a terminal
        Output cat = docker("piped in\n".getBytes(StandardCharsets.UTF_8), "run", "-i", "--rm", "busybox", "cat");
        assertEquals("piped in\n", cat.out(), cat.err());
        // a terminal: one raw stream
        Output tty = docker(null, "run", "--rm", "-t", "busybox", "sh", "-c", "echo on-tty; echo err-tty >&2");
        assertEquals("on-tty\r\nerr-tty\r\n", tty.out(), tty.err());
        daemon.docker("create", "--name", "later", "busybox", "sh", "-c", "echo from start").assertSuccess();
        assertEquals("from start\n", docker(null, "start", "-a", "later").out());
        daemon.docker("run", "-d", "--name", "attached", "busybox", "sh", "-c", "sleep 2; echo late; echo late-err >&2")
                .assertSuccess();
        Output attach = docker(null, "attach", "attached");
        assertEquals("late\n", attach.out());
        assertEquals("late-err\n", attach.err());
        daemon.docker("run", "-d", "-t", "--name", "tty-logs", "busybox", "sh", "-c", "echo kept").assertSuccess();
        daemon.docker("wait", "tty-logs").assertSuccess();
        assertEquals("kept\r\n", docker(null, "logs", "tty-logs").out());
    }

    @Test
    void theNoneDriverKeepsNothingButAttachStillWorks() throws Exception {
        Output run = docker(null, "run", "--name", "quiet", "--log-driver", "none", "busybox", "sh", "-c",
                "echo shown; echo shown-err >&2");
        assertEquals("shown\n", run.out());
        assertEquals("shown-err\n", run.err());
        Output logs = docker(null, "logs", "quiet");
        assertNotEquals(0, logs.exitCode());
        assertEquals("Error response from daemon: configured logging driver does not support reading\n", logs.err());
    }

    /**
     * kill -9 of the daemon, 20 times about a second apart, while a container writes as fast as it
     * can; a daemon restarted in the same root each time. Every line is kept, once, in order.
     */
    @Test
    void aDaemonKilledTwentyTimesLosesNoLineOfAFastWriter() throws Exception {
        Path control = Files.createTempDirectory(root, "control-");
        daemon.docker("run", "-d", "--name", "counter", "-v", control + ":/ctl", "busybox", "sh", "-c",
                "i=0; while [ ! -e /ctl/stop ]; do seq $((i*5000)) $((i*5000+4999)); i=$((i+1)); sleep 0.5; done")
                .assertSuccess();
        for (int cycle = 0; cycle < 20; cycle++) {
            Thread.sleep(1000);
            SURVIVORS.addAll(daemon.crash());
            daemon = LinnetDaemon.startIn(root);
        }
        Files.createFile(control.resolve("stop"));
        assertEquals("0", daemon.docker("wait", "counter").assertSuccess().stdout().trim());
        String text = daemon.docker("logs", "counter").assertSuccess().stdout();
        List<String> lines = text.lines().toList();
        assertTrue(lines.size() >= 20 * 5000, "the writer ran through the cycles: " + lines.size());
        assertEquals(0, lines.size() % 5000, "whole blocks: " + lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals(String.valueOf(i))) {
                throw new AssertionError("line " + i + " is " + lines.get(i) + ": lost or repeated lines");
            }
        }
    }
}
