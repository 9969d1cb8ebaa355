package io.linnet.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of hijacked sessions (attach, exec start) and their bound. A session holds one
 * permit from the moment a resource arms the takeover until its work returns; it uses at most two
 * threads (its work and the stdin copy). Idle threads end after a few seconds.
 */
final class Hijacks implements AutoCloseable {
    static final int DEFAULT_MAX_SESSIONS = 256;
    private static final long IDLE_THREAD_SECONDS = 2;

    private final Semaphore sessions;
    private final ThreadPoolExecutor threads;
    private final Set<HijackConnection> open = ConcurrentHashMap.newKeySet();

    Hijacks(int maxSessions) {
        this.sessions = new Semaphore(maxSessions);
        AtomicInteger ids = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, 2 * maxSessions, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "linnet-hijack-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    boolean tryReserve() {
        return sessions.tryAcquire();
    }

    void release() {
        sessions.release();
    }

    void execute(Runnable task) {
        threads.execute(task);
    }

    void opened(HijackConnection connection) {
        open.add(connection);
    }

    void closed(HijackConnection connection) {
        open.remove(connection);
    }

    int openSessions() {
        return open.size();
    }

    /** Closes the hijacked connections still open and stops the session threads. */
    @Override
    public void close() {
        for (HijackConnection connection : open) {
            connection.getEndPoint().close();
        }
        threads.shutdownNow();
    }
}
