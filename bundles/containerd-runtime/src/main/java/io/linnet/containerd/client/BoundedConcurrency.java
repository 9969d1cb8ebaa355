package io.linnet.containerd.client;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * At most a fixed number of one kind of heavy request (creates, removes, image deletes) at once:
 * the others wait their turn in arrival order, however many there are, and are never refused for
 * load. containerd does this work on the same few cores whatever the number of callers, so a burst
 * of 100 removes costs no more time queued here, and holds no more containerd buffers than the limit.
 */
public final class BoundedConcurrency {

    private final Semaphore permits;
    private final int limit;

    public BoundedConcurrency(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
        this.permits = new Semaphore(limit, true); // fair: first come, first served
    }

    /** Twice the processors, at least 4: enough to keep containerd busy while one call waits on a shim. */
    public static int defaultLimit() {
        return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    }

    public int limit() {
        return limit;
    }

    /** Requests running now. */
    public int running() {
        return limit - permits.availablePermits();
    }

    /** Requests waiting for their turn. */
    public int waiting() {
        return permits.getQueueLength();
    }

    public <T> T call(Supplier<T> work) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for its turn", e);
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    public void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
