package io.linnet.event.log;

import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The daemon's event stream: the last {@link #HISTORY} events for {@code since} replays, and live
 * fan-out to subscribers. {@link #publish} only appends and offers: every subscriber has its own
 * bounded queue, drained by a delivery thread only while it holds events, and a subscriber that
 * falls {@link #QUEUE} events behind is dropped (dockerd keeps 256 events and drops single
 * events for a slow subscriber after 100 ms; we keep more and never make a publisher wait).
 */
@Component(service = EventService.class)
public final class EventLog implements EventService {
    /** Events kept for replays (about 1 KiB each). */
    static final int HISTORY = 1024;
    /** Events a subscriber may fall behind before it is dropped. */
    static final int QUEUE = 1024;
    /** Delivery threads at most (one per subscriber with pending events). */
    private static final int MAX_DELIVERY_THREADS = 256;

    private final Object lock = new Object();
    /** Oldest first; guarded by {@link #lock}. */
    private final ArrayDeque<Event> history = new ArrayDeque<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final int historySize;
    private final int queueSize;
    private final ExecutorService delivery;
    private final ScheduledThreadPoolExecutor deadlines;
    private final LongSupplier clock;

    @Activate
    public EventLog() {
        this(HISTORY, QUEUE, EventLog::nowNanos);
    }

    EventLog(int historySize, int queueSize, LongSupplier clock) {
        this.historySize = historySize;
        this.queueSize = queueSize;
        this.clock = clock;
        // Threads exist only while some subscriber has events pending, and end soon after.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, MAX_DELIVERY_THREADS, 2, TimeUnit.SECONDS,
                new SynchronousQueue<>(), threads("events-delivery"));
        this.delivery = pool;
        this.deadlines = new ScheduledThreadPoolExecutor(1, threads("events-until"));
        deadlines.setRemoveOnCancelPolicy(true);
        deadlines.setKeepAliveTime(2, TimeUnit.SECONDS);
        deadlines.allowCoreThreadTimeOut(true);
    }

    @Deactivate
    void deactivate() {
        subscribers.forEach(Subscriber::close);
        deadlines.shutdownNow();
        delivery.shutdown();
    }

    @Override
    public void publish(Event event) {
        Objects.requireNonNull(event, "event");
        synchronized (lock) {
            if (history.size() == historySize) {
                history.removeFirst();
            }
            history.addLast(event);
            // under the lock, so a new subscriber sees each event either in its replay or live
            for (Subscriber s : subscribers) {
                s.offer(event);
            }
        }
    }

    @Override
    public Subscription subscribe(long sinceNanos, long untilNanos, Predicate<Event> filter, Sink sink) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(sink, "sink");
        long now = clock.getAsLong();
        boolean onlyPast = untilNanos > 0 && untilNanos <= now;
        Subscriber s;
        synchronized (lock) {
            s = new Subscriber(this, replay(sinceNanos, untilNanos, filter), untilNanos, filter, sink, queueSize);
            if (!onlyPast) {
                subscribers.add(s);
            }
        }
        if (onlyPast) {
            s.expire(); // the replay is all there is
        } else if (untilNanos > 0) {
            s.deadline(deadlines.schedule(s::expire, untilNanos - now, TimeUnit.NANOSECONDS));
        }
        s.schedule();
        return s;
    }

    /** moby's loadBufferedEvents: nothing without since or until; else the kept events in range. */
    private List<Event> replay(long sinceNanos, long untilNanos, Predicate<Event> filter) {
        List<Event> replay = new ArrayList<>();
        if (sinceNanos < 0 && untilNanos <= 0) {
            return replay;
        }
        long from = Math.max(sinceNanos, 0);
        for (Event e : history) {
            if (e.timeNano() >= from && (untilNanos <= 0 || e.timeNano() <= untilNanos) && filter.test(e)) {
                replay.add(e);
            }
        }
        return replay;
    }

    /** Subscribers now live (for tests and diagnostics). */
    int subscriberCount() {
        return subscribers.size();
    }

    void remove(Subscriber s) {
        subscribers.remove(s);
    }

    boolean execute(Runnable drain) {
        try {
            delivery.execute(drain);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }

    private static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
