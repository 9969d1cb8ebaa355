package io.linnet.containerd.managed;

import io.linnet.containerd.config.ManagedLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Finding, recording and stopping managed containerd processes (ours or a crashed daemon's). */
final class ContainerdProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerdProcesses.class);

    /** containerd usually exits in well under a second; it has this long before SIGKILL. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private ContainerdProcesses() {
    }

    /**
     * Live containerd processes started with this layout's config file: the pid file's when it runs
     * with that config (a second one could not open the same root: containerd locks its metadata
     * database), else every such process on the host. Looking at every process costs a read of each
     * one's /proc entries, thousands with many containers: only a missing or stale pid file needs it.
     */
    static List<ProcessHandle> find(ManagedLayout layout) {
        String configFile = layout.configFile().toString();
        Optional<ProcessHandle> recorded = readPidFile(layout).flatMap(ProcessHandle::of).filter(p -> runsWith(p, configFile));
        if (recorded.isPresent()) {
            return List.of(recorded.get());
        }
        return ProcessHandle.allProcesses().filter(p -> runsWith(p, configFile)).toList();
    }

    static boolean runsWith(ProcessHandle process, String configFile) {
        ProcessHandle.Info info = process.info();
        boolean isContainerd = info.command()
                .map(command -> Path.of(command).getFileName())
                .map(name -> name.toString().startsWith("containerd")) // a command of "/" has no file name
                .orElse(false);
        return isContainerd && process.isAlive()
                && info.arguments().map(args -> List.of(args).contains(configFile)).orElse(false);
    }

    /** SIGTERM (containerd shuts down cleanly, leaving shims and containers running), then SIGKILL. */
    static void terminate(ProcessHandle process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (awaitExit(process, STOP_GRACE)) {
            return;
        }
        LOG.warn("containerd pid {} still running {} s after SIGTERM, killing it", process.pid(), STOP_GRACE.toSeconds());
        process.destroyForcibly();
        if (!awaitExit(process, KILL_WAIT)) {
            LOG.error("containerd pid {} survived SIGKILL", process.pid());
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    static Optional<Long> readPidFile(ManagedLayout layout) {
        try {
            return Optional.of(Long.parseLong(Files.readString(layout.pidFile()).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static void writePidFile(ManagedLayout layout, long pid) throws IOException {
        Files.writeString(layout.pidFile(), pid + "\n");
    }

    static void deletePidFile(ManagedLayout layout) {
        try {
            Files.deleteIfExists(layout.pidFile());
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", layout.pidFile(), e.getMessage());
        }
    }
}
