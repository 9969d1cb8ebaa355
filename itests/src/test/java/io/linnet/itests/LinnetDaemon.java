package io.linnet.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    public final Path root;
    public final Path socket;
    public final Path dataRoot;
    public final Path execRoot;
    public final Path pidFile;
    public final Path log;
    private final Process process;
    private final long startedNanos;
    private long firstPingNanos;
    private volatile TestImages.Built busybox;

    private LinnetDaemon(Path root, List<String> extraArgs) throws IOException {
        this(home("linnet.distribution"), root, extraArgs, false, Map.of());
    }

    /**
     * @param socketActivated start as systemd does with a socket unit: the socket is bound first and
     *        passed as fd 3 (LISTEN_FDS, LISTEN_PID) to {@code linnetd -H fd://}
     * @param env more environment for the daemon (NOTIFY_SOCKET...)
     */
    private LinnetDaemon(Path home, Path root, List<String> extraArgs, boolean socketActivated, Map<String, String> env)
            throws IOException {
        this.root = root;
        this.socket = root.resolve("linnet.sock");
        this.dataRoot = root.resolve("data");
        this.execRoot = root.resolve("exec");
        this.pidFile = root.resolve("linnetd.pid");
        this.log = root.resolve("linnetd.log");
        List<String> command = new ArrayList<>();
        if (socketActivated) {
            command.addAll(List.of("python3", "-c", SOCKET_ACTIVATE, socket.toString()));
        }
        command.addAll(List.of(home.resolve("bin/linnetd").toString(),
                "-H", socketActivated ? "fd://" : "unix://" + socket, "--data-root", dataRoot.toString(),
                "--exec-root", execRoot.toString(), "--pidfile", pidFile.toString(),
                "--config-file", writeEmptyConfig(root).toString()));
        command.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        this.startedNanos = System.nanoTime();
        this.process = pb.start();
    }

    /** What systemd does for a socket unit: bind and listen, pass it as fd 3 with LISTEN_FDS and LISTEN_PID, exec. */
    private static final String SOCKET_ACTIVATE = String.join("\n",
            "import os, socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "s.bind(sys.argv[1]); s.listen(128)",
            "os.dup2(s.fileno(), 3); os.set_inheritable(3, True)",
            "os.environ.update(LISTEN_FDS='1', LISTEN_PID=str(os.getpid()))",
            "os.execv(sys.argv[2], sys.argv[2:])");

    private static Path writeEmptyConfig(Path root) throws IOException {
        return Files.writeString(root.resolve("daemon.json"), "{}");
    }

    /** Starts a daemon in a fresh temporary root and waits until /_ping answers. */
    public static LinnetDaemon start(String... extraArgs) throws Exception {
        return startFrom(home("linnet.distribution"), extraArgs);
    }

    /** The runnable folder a system property names (the build sets them; Linnet's own by default). */
    public static Path home(String property) {
        String home = System.getProperty(property);
        if (home == null && !property.equals("linnet.distribution")) {
            throw new IllegalStateException("no runnable folder: the system property " + property + " is not set");
        }
        return Path.of(home == null ? "../distribution/target/linnet" : home);
    }

    /**
     * Starts the daemon of another runnable folder (a vendor's distribution) in a fresh temporary root
     * and waits until /_ping answers.
     */
    public static LinnetDaemon startFrom(Path home, String... extraArgs) throws Exception {
        // Short path: UNIX socket paths are limited to 108 bytes.
        Path root = Files.createTempDirectory(Path.of("/tmp"), "linnet-e2e-");
        return pinged(new LinnetDaemon(home, root, List.of(extraArgs), false, Map.of()));
    }

    /**
     * Starts a daemon in a given root (its socket, data and exec roots under it) and waits until
     * /_ping answers; a root a stopped daemon used gives the restarted daemon the same state.
     */
    public static LinnetDaemon startIn(Path root, String... extraArgs) throws Exception {
        return pinged(new LinnetDaemon(root, List.of(extraArgs)));
    }

    /**
     * Starts a daemon as a systemd socket unit starts it ({@code -H fd://} on a socket bound before it
     * runs, at {@link #socket}), with more environment, and waits until /_ping answers.
     */
    public static LinnetDaemon startSocketActivated(Map<String, String> env, String... extraArgs) throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "linnet-e2e-");
        return pinged(new LinnetDaemon(home("linnet.distribution"), root, List.of(extraArgs), true, env));
    }

    /** The daemon once /_ping answers; closed (and the failure thrown) when it does not within 60 s. */
    private static LinnetDaemon pinged(LinnetDaemon daemon) throws Exception {
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

    /** The real docker CLI pointed at this daemon, with a docker config of its own under the root. */
    public DockerCli cli() {
        return DockerCli.at("unix://" + socket, root.resolve("docker-config"));
    }

    /** Runs the real docker CLI against this daemon. */
    public Commands.Result docker(String... args) throws IOException, InterruptedException {
        return cli().docker(args);
    }

    /** The first object of what an inspect command ({@code inspect x}, {@code image inspect x}) prints; it must succeed. */
    public JsonNode inspect(String... command) throws IOException, InterruptedException {
        return JSON.readTree(docker(command).assertSuccess().stdout()).get(0);
    }

    /** Builds the test busybox image (see {@link TestImages}) in {@code dir} and loads it as busybox:latest. */
    public TestImages.Built loadBusybox(Path dir, String marker) throws IOException, InterruptedException {
        TestImages.Built built = TestImages.dockerArchive(dir, marker, List.of("busybox:latest"), Map.of());
        docker("load", "-q", "-i", built.archive().toString()).assertSuccess();
        busybox = built;
        return built;
    }

    /** The busybox image {@link #loadBusybox} loaded last, or null. */
    public TestImages.Built busybox() {
        return busybox;
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

    /**
     * Processes still alive whose command line names this daemon's root: containerd shims leave the
     * daemon's process tree (they daemonize), so {@link #terminate} does not reach them.
     */
    public List<ProcessHandle> strays() {
        String rootName = root.toString() + "/";
        return ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(rootName)).orElse(false)).toList();
    }

    /** Mount points at or below the root, as /proc/self/mountinfo lists them. */
    public List<String> mountsBelowRoot() throws IOException {
        String rootName = root.toRealPath().toString();
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(l -> l.split(" ")[4])
                .filter(m -> m.equals(rootName) || m.startsWith(rootName + "/")).toList();
    }

    /**
     * Deletes the root of a stopped daemon (socket, data and exec roots, logs). Nothing is deleted
     * while something is still mounted below it (a walk would descend into the mount): then the
     * mount points are returned and the root stays for a look.
     */
    public List<String> deleteRoot() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("linnetd " + process.pid() + " still runs in " + root);
        }
        if (!Files.exists(root)) {
            return List.of();
        }
        List<String> mounts = mountsBelowRoot();
        if (!mounts.isEmpty()) {
            return mounts;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
        return List.of();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }
}
