package io.linnet.http;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the long responses streaming now (logs -f, events, stats) do when the host stops: each
 * registers an action that ends it as a finished response, and unregisters when it ends by itself.
 * The host runs them all before it stops Jetty, so a client sees its stream end instead of waiting
 * for Jetty's stop to time out and cut the connection.
 */
final class HostStopActions {
    private static final Logger LOG = LoggerFactory.getLogger(HostStopActions.class);

    private final Set<Runnable> actions = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /** Registers {@code action}; returns what undoes it. When the host is stopping already it runs at once. */
    Runnable add(Runnable action) {
        Runnable once = new Runnable() {
            private final java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();

            @Override
            public void run() {
                if (ran.compareAndSet(false, true)) {
                    action.run();
                }
            }
        };
        actions.add(once);
        if (stopping) {
            runQuietly(once);
        }
        return () -> actions.remove(once);
    }

    /** Runs every registered action; returns how many there were. */
    int runAll() {
        stopping = true;
        List<Runnable> now = List.copyOf(actions);
        actions.clear();
        now.forEach(HostStopActions::runQuietly);
        return now.size();
    }

    int size() {
        return actions.size();
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("ending a stream at stop failed: {}", e.toString());
        }
    }
}
