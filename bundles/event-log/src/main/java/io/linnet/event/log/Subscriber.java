package io.linnet.event.log;

import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription: its replay, then a bounded queue of live events, drained on a delivery
 * thread of the log only while it holds events (at most one drain runs at a time, so the sink
 * sees events in order and from one thread at a time).
 */
final class Subscriber implements EventService.Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriber.class);

    private final EventLog log;
    private final ArrayBlockingQueue<Event> queue;
    private final long untilNanos;
    private final Predicate<Event> filter;
    private final EventService.Sink sink;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile List<Event> replay;
    private volatile boolean expired;
    private volatile Future<?> deadline;

    Subscriber(EventLog log, List<Event> replay, long untilNanos, Predicate<Event> filter, EventService.Sink sink,
            int capacity) {
        this.log = log;
        this.replay = replay;
        this.untilNanos = untilNanos;
        this.filter = filter;
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Called by publish (under the log's lock): never blocks. */
    void offer(Event event) {
        if (done.isDone()) {
            return;
        }
        if (!queue.offer(event)) {
            LOG.warn("events subscriber dropped: it fell {} events behind", queue.size());
            log.remove(this);
            queue.clear();
            // its end may wait on a stuck write: not on the publisher's thread
            if (!log.execute(this::close)) {
                close();
            }
            return;
        }
        schedule();
    }

    void deadline(Future<?> timer) {
        this.deadline = timer;
        if (done.isDone()) {
            timer.cancel(false);
        }
    }

    /** {@code until} has come: deliver what is queued, then end. */
    void expire() {
        expired = true;
        schedule();
    }

    void schedule() {
        if (done.isDone() || !draining.compareAndSet(false, true)) {
            return;
        }
        if (!log.execute(this::drain)) {
            draining.set(false);
            LOG.warn("events subscriber dropped: no delivery thread free");
            close();
        }
    }

    private void drain() {
        try {
            while (true) {
                if (!deliverReplay()) {
                    return;
                }
                Event e;
                while (!done.isDone() && (e = queue.poll()) != null) {
                    if (!deliver(e)) {
                        return;
                    }
                }
                if (done.isDone()) {
                    return;
                }
                if (expired) {
                    close();
                    return;
                }
                draining.set(false);
                // an offer or expiry between the last poll and the reset above found draining set
                if ((queue.isEmpty() && !expired) || !draining.compareAndSet(false, true)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("events subscriber failed; dropping it", e);
            close();
        }
    }

    private boolean deliverReplay() {
        List<Event> r = replay;
        if (r == null) {
            return true;
        }
        replay = null;
        for (Event e : r) {
            if (done.isDone() || !deliver(e)) {
                return false;
            }
        }
        return true;
    }

    private boolean deliver(Event e) {
        if (untilNanos > 0 && e.timeNano() > untilNanos) {
            close(); // published after until: the stream is over
            return false;
        }
        if (!filter.test(e)) {
            return true;
        }
        if (!sink.accept(e)) {
            close();
            return false;
        }
        return true;
    }

    @Override
    public CompletionStage<Void> done() {
        return done;
    }

    @Override
    public void close() {
        log.remove(this);
        queue.clear();
        Future<?> timer = deadline;
        if (timer != null) {
            timer.cancel(false);
        }
        done.complete(null);
    }
}
