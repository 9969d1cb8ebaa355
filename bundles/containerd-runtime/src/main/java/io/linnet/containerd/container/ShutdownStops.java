package io.linnet.containerd.container;

import io.linnet.containerd.proto.types.task.Process;
import io.linnet.containerd.proto.types.task.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * SIGTERM without live-restore, as dockerd's Shutdown: every running container is stopped at once
 * with its own stop signal and timeout (then SIGKILL). It is not a user's stop: the restart policy
 * (always, unless-stopped) brings it back with the next daemon. The daemon waits at most dockerd's
 * shutdown timeout: shutdown-timeout, or the longest stop timeout plus 5 s when that is longer; a
 * -1 anywhere waits as long as the stops take.
 */
final class ShutdownStops {

    /** Stops one container's task, not as a user's stop. */
    @FunctionalInterface
    interface Stopper {
        void stop(io.linnet.containerd.proto.containers.Container record, int timeoutSeconds);
    }

    static final int DEFAULT_STOP_TIMEOUT = 10;
    /** dockerd's grace beyond a container's own stop timeout. */
    private static final int GRACE_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownStops.class);

    private ShutdownStops() {
    }

    static void stopRunning(ContainerStore store, int shutdownTimeout, Stopper stopper) {
        List<io.linnet.containerd.proto.containers.Container> running = new ArrayList<>();
        var tasks = store.tasks();
        for (var c : store.all()) {
            Process task = tasks.get(c.getId());
            if (task != null && (task.getStatus() == Status.RUNNING || task.getStatus() == Status.PAUSED)) {
                running.add(c);
            }
        }
        if (running.isEmpty()) {
            return;
        }
        int bound = bound(shutdownTimeout, running.stream().map(c -> stopTimeout(ContainerStore.meta(c))).toList());
        LOG.info("stopping {} running container(s) (live-restore is off), waiting {}", running.size(),
                bound < 0 ? "until they stop" : "at most " + bound + " s");
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(running.size(), 16), r -> {
            Thread t = new Thread(r, "shutdown-stop");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<Void>> stops = running.stream().map(c -> CompletableFuture.runAsync(() -> {
                try {
                    stopper.stop(c, stopTimeout(ContainerStore.meta(c)));
                } catch (RuntimeException e) {
                    LOG.warn("container {}: failed to shut down: {}", c.getId(), e.toString());
                }
            }, pool)).toList();
            CompletableFuture<Void> all = CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new));
            if (bound < 0) {
                all.get();
            } else {
                all.get(bound, TimeUnit.SECONDS);
            }
        } catch (TimeoutException e) {
            LOG.error("Force shutdown daemon: containers still running after {} s", bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("stopping containers at shutdown failed: {}", e.getCause().toString());
        } finally {
            pool.shutdownNow();
        }
    }

    /** dockerd's ShutdownTimeout: the configured one, or a container's stop timeout plus the grace when longer. */
    static int bound(int shutdownTimeout, List<Integer> stopTimeouts) {
        if (shutdownTimeout < 0) {
            return -1;
        }
        int bound = shutdownTimeout;
        for (int stop : stopTimeouts) {
            if (stop < 0) {
                return -1;
            }
            bound = Math.max(bound, stop + GRACE_SECONDS);
        }
        return bound;
    }

    static int stopTimeout(ContainerRecords.Meta meta) {
        return meta.stopTimeout() != null ? meta.stopTimeout() : DEFAULT_STOP_TIMEOUT;
    }
}
