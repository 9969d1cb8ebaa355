package io.linnet.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The assembled daemon ({@code distribution/target/linnet/bin/linnetd}) started as a child
 * process with its own socket, roots and managed containerd, as a user would start it.
 */
public final class LinnetDaemon implements AutoCloseable {
    public final Path root;
    public final Path socket;
    public final Path dataRoot;
    public final Path execRoot;
    public final Path pidFile;
    public final Path log;
    private final Process process;
    private final long startedNanos;
    private long firstPingNanos;

    private LinnetDaemon(Path root, List<String> extraArgs) throws IOException {
        this.root = root;
        this.socket = root.resolve("linnet.sock");
        this.dataRoot = root.resolve("data");
        this.execRoot = root.resolve("exec");
        this.pidFile = root.resolve("linnetd.pid");
        this.log = root.resolve("linnetd.log");
        Path home = Path.of(System.getProperty("linnet.distribution", "../distribution/target/linnet"));
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/linnetd").toString(),
                "-H", "unix://" + socket, "--data-root", dataRoot.toString(), "--exec-root", execRoot.toString(),
                "--pidfile", pidFile.toString(), "--config-file", writeEmptyConfig(root).toString()));
        command.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        this.startedNanos = System.nanoTime();
        this.process = pb.start();
    }

    private static Path writeEmptyConfig(Path root) throws IOException {
        return Files.writeString(root.resolve("daemon.json"), "{}");
    }

    /** Starts a daemon in a fresh temporary root and waits until /_ping answers. */
    public static LinnetDaemon start(String... extraArgs) throws Exception {
        // Short path: UNIX socket paths are limited to 108 bytes.
        Path root = Files.createTempDirectory(Path.of("/tmp"), "linnet-e2e-");
        return startIn(root, extraArgs);
    }

    /**
     * Starts a daemon in a given root (its socket, data and exec roots under it) and waits until
     * /_ping answers; a root a stopped daemon used gives the restarted daemon the same state.
     */
    public static LinnetDaemon startIn(Path root, String... extraArgs) throws Exception {
        LinnetDaemon daemon = new LinnetDaemon(root, List.of(extraArgs));
        try {
            daemon.awaitPing(60_000);
        } catch (Exception | AssertionError e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    private void awaitPing(long timeoutMs) throws Exception {
        UnixHttp http = new UnixHttp(socket);
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("linnetd exited with " + process.exitValue() + ":\n" + logText());
            }
            if (Files.exists(socket)) {
                try {
                    if (http.get("/_ping").status() == 200) {
                        firstPingNanos = System.nanoTime();
                        return;
                    }
                } catch (IOException notYet) {
                    // Socket bound but not serving yet.
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("linnetd did not answer /_ping within " + timeoutMs + " ms:\n" + logText());
    }

    public long millisToFirstPing() {
        return TimeUnit.NANOSECONDS.toMillis(firstPingNanos - startedNanos);
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    public UnixHttp http() {
        return new UnixHttp(socket);
    }

    /** Runs the real docker CLI against this daemon. */
    public Commands.Result docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        return Commands.run(Map.of("DOCKER_HOST", "unix://" + socket, "DOCKER_CONFIG", root.resolve("docker-config").toString()),
                command);
    }

    /** Builds the test busybox image (see {@link TestImages}) in {@code dir} and loads it as busybox:latest. */
    public void loadBusybox(Path dir, String marker) throws IOException, InterruptedException {
        TestImages.Built busybox = TestImages.dockerArchive(dir, marker, List.of("busybox:latest"), Map.of());
        docker("load", "-q", "-i", busybox.archive().toString()).assertSuccess();
    }

    /** Removes every container, running or not: each test leaves the daemon as it found it. */
    public void removeAllContainers() throws IOException, InterruptedException {
        for (String id : Commands.lines(docker("ps", "-aq", "--no-trunc").stdout())) {
            docker("rm", "-f", id);
        }
    }

    /** Runs curl against this daemon's socket. */
    public Commands.Result curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "--unix-socket", socket.toString()));
        command.addAll(List.of(args));
        return Commands.run(Map.of(), command);
    }

    /** Every process the daemon started (managed containerd, shims) that is still alive. */
    public List<ProcessHandle> descendants() {
        return process.descendants().filter(ProcessHandle::isAlive).toList();
    }

    /**
     * SIGKILL of the daemon alone, as a crash: its managed containerd and the containers live on,
     * for the next daemon in the same root to find. Returns those survivors, for the test to end.
     */
    public List<ProcessHandle> crash() throws InterruptedException {
        List<ProcessHandle> survivors = process.descendants().toList();
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        return survivors;
    }

    /** SIGTERM, as an init system stops it; returns the exit code. */
    public int terminate() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        // A test never leaves processes behind, whatever the daemon did.
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }
}
