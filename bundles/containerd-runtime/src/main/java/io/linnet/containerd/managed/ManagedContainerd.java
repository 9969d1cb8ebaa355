package io.linnet.containerd.managed;

import io.linnet.containerd.client.ContainerdProbe;
import io.linnet.containerd.config.ManagedLayout;
import io.linnet.containerd.host.Executables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The containerd process the daemon runs itself (Debian's {@code containerd} binary with a generated
 * config): started and awaited on {@link #start()}, restarted when it dies, stopped on {@link #close()}.
 * Shims and containers are not its children after start-up, so they survive a restart of it.
 */
public final class ManagedContainerd implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedContainerd.class);

    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(20);
    private static final Duration FIRST_RESTART_DELAY = Duration.ofMillis(200);
    private static final Duration MAX_RESTART_DELAY = Duration.ofSeconds(30);
    /** A process that ran this long before dying gets restarted quickly again. */
    private static final Duration STABLE_RUN = Duration.ofSeconds(60);

    private final ManagedLayout layout;
    private final boolean debug;
    private final ContainerdProbe probe;
    private final ScheduledExecutorService supervisor;
    private final Object lock = new Object();

    private volatile boolean closing;
    private volatile Duration lastStartup = Duration.ZERO;
    private ProcessHandle current; // guarded by lock
    private Duration restartDelay = FIRST_RESTART_DELAY; // guarded by lock

    public ManagedContainerd(ManagedLayout layout, boolean debug, ContainerdProbe probe) {
        this.layout = layout;
        this.debug = debug;
        this.probe = probe;
        this.supervisor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "containerd-supervisor");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Adopts the containerd a crashed daemon left running with the same configuration, or stops it and
     * launches a new one; returns once containerd answers its Version RPC.
     */
    public void start() {
        String config = ContainerdConfig.render(layout, debug);
        synchronized (lock) {
            try {
                Files.createDirectories(layout.root());
                Files.createDirectories(layout.state());
                if (adoptOrStopPrevious(config) == null) {
                    launch(config);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start containerd: " + e.getMessage(), e);
            }
        }
    }

    /** The containerd process now running, if any. */
    public ProcessHandle process() {
        synchronized (lock) {
            return current;
        }
    }

    /** Time from launching the process to its first Version answer (zero when adopted). */
    public Duration lastStartup() {
        return lastStartup;
    }

    /** Stops containerd: SIGTERM, then SIGKILL if it has not exited after a grace period. */
    @Override
    public void close() {
        closing = true;
        supervisor.shutdownNow();
        synchronized (lock) { // a launch in progress notices closing and gives up within PROBE_INTERVAL
            if (current != null) {
                LOG.info("stopping containerd pid {}", current.pid());
                ContainerdProcesses.terminate(current);
                current = null;
            }
            ContainerdProcesses.deletePidFile(layout);
        }
    }

    /**
     * Stops watching containerd but leaves it running with its pid file: the next revision of the
     * engine bundle adopts it (see {@link #start()}), as a restarted daemon adopts a crashed one's.
     */
    public void release() {
        closing = true;
        supervisor.shutdownNow();
        synchronized (lock) {
            if (current != null) {
                LOG.info("leaving containerd pid {} running for the engine bundle's next revision", current.pid());
                current = null;
            }
        }
    }

    private ProcessHandle adoptOrStopPrevious(String config) throws IOException {
        List<ProcessHandle> previous = ContainerdProcesses.find(layout);
        if (previous.isEmpty()) {
            return null;
        }
        boolean sameConfig = Files.isRegularFile(layout.configFile())
                && Files.readString(layout.configFile()).equals(config);
        if (sameConfig && previous.size() == 1 && probe.answers(PROBE_TIMEOUT)) {
            ProcessHandle survivor = previous.get(0);
            LOG.info("adopting containerd pid {} left running", survivor.pid());
            ContainerdProcesses.writePidFile(layout, survivor.pid());
            lastStartup = Duration.ZERO;
            current = survivor;
            watch(survivor, survivor.onExit().thenApply(p -> ""));
            return survivor;
        }
        for (ProcessHandle stale : previous) {
            LOG.info("stopping containerd pid {} left by a previous daemon ({})", stale.pid(),
                    sameConfig ? "not answering" : "configuration changed");
            ContainerdProcesses.terminate(stale);
        }
        return null;
    }

    /** Called under lock; makes the new process {@link #current} once it answers. */
    private ProcessHandle launch(String config) throws IOException {
        Path binary = Executables.find("containerd").orElseThrow(() -> new IllegalStateException(
                "containerd is not installed (not on PATH nor in /usr/bin): install it or configure containerdAddress"));
        Files.writeString(layout.configFile(), config);
        ContainerdLog.rotate(layout.logFile());
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--config", layout.configFile().toString())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(layout.logFile().toFile()))
                .redirectInput(Redirect.from(new File("/dev/null")));
        // containerd looks up runc and its shims on PATH, which may lack the sbin directories
        Executables.addSystemDirectories(builder.environment());

        long launchedAt = System.nanoTime();
        Process process = builder.start();
        LOG.info("started containerd pid {} with {} (log {})", process.pid(), layout.configFile(), layout.logFile());
        try {
            ContainerdProcesses.writePidFile(layout, process.pid());
            awaitAnswer(process, launchedAt);
        } catch (IOException | RuntimeException e) {
            ContainerdProcesses.terminate(process.toHandle());
            ContainerdProcesses.deletePidFile(layout);
            throw e;
        }
        current = process.toHandle();
        watch(current, process.onExit().thenApply(p -> " with status " + p.exitValue()));
        return current;
    }

    private void awaitAnswer(Process process, long launchedAt) {
        long deadline = launchedAt + START_TIMEOUT.toNanos();
        while (true) {
            if (closing) {
                throw new IllegalStateException("daemon is stopping");
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("containerd exited with status " + process.exitValue()
                        + " while starting; end of " + layout.logFile() + ":\n" + ContainerdLog.tail(layout.logFile()));
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new IllegalStateException("containerd did not answer on " + layout.grpcSocket() + " within "
                        + START_TIMEOUT.toSeconds() + " s; end of " + layout.logFile() + ":\n" + ContainerdLog.tail(layout.logFile()));
            }
            if (Files.exists(layout.grpcSocket())
                    && probe.answers(Duration.ofNanos(Math.min(remaining, PROBE_TIMEOUT.toNanos())))) {
                lastStartup = Duration.ofNanos(System.nanoTime() - launchedAt);
                LOG.info("containerd pid {} answering after {} ms", process.pid(), lastStartup.toMillis());
                return;
            }
            try {
                Thread.sleep(PROBE_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for containerd", e);
            }
        }
    }

    private void watch(ProcessHandle process, CompletableFuture<String> exitDescription) {
        Instant since = Instant.now();
        exitDescription.thenAccept(description -> onExit(process, since, description));
    }

    private void onExit(ProcessHandle process, Instant since, String description) {
        synchronized (lock) {
            if (closing || !process.equals(current)) {
                return;
            }
            if (Duration.between(since, Instant.now()).compareTo(STABLE_RUN) > 0) {
                restartDelay = FIRST_RESTART_DELAY;
            }
            LOG.warn("containerd pid {} exited unexpectedly{}; restarting in {} ms (see {})",
                    process.pid(), description, restartDelay.toMillis(), layout.logFile());
            current = null;
            scheduleRestart();
        }
    }

    /** Called under lock. */
    private void scheduleRestart() {
        Duration delay = restartDelay;
        restartDelay = restartDelay.multipliedBy(2).compareTo(MAX_RESTART_DELAY) > 0
                ? MAX_RESTART_DELAY : restartDelay.multipliedBy(2);
        if (!closing) {
            supervisor.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void restart() {
        synchronized (lock) {
            if (closing) {
                return;
            }
            try {
                launch(ContainerdConfig.render(layout, debug));
            } catch (IOException | RuntimeException e) {
                if (closing) {
                    return;
                }
                LOG.error("restarting containerd failed: {}", e.getMessage());
                scheduleRestart();
            }
        }
    }
}
