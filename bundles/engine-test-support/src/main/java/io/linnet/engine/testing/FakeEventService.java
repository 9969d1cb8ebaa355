package io.linnet.engine.testing;

import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Published events kept in a list. A subscription gets the kept ones from {@code since} on a
 * thread of its own, as the real service delivers; with an {@code until} it ends after them,
 * without one it follows what is published next until it is closed.
 */
public final class FakeEventService implements EventService {
    private final List<Event> kept = new ArrayList<>();
    private final List<Live> live = new CopyOnWriteArrayList<>();

    public synchronized void reset() {
        kept.clear();
        live.forEach(Live::close);
    }

    @Override
    public void publish(Event event) {
        synchronized (this) {
            kept.add(event);
        }
        live.forEach(l -> l.offer(event));
    }

    @Override
    public synchronized Subscription subscribe(long sinceNanos, long untilNanos, Predicate<Event> filter, Sink sink) {
        List<Event> history = sinceNanos < 0 ? List.of()
                : kept.stream().filter(e -> e.timeNano() >= sinceNanos).filter(filter).toList();
        Live subscription = new Live(filter, sink);
        Thread delivery = new Thread(() -> {
            for (Event e : history) {
                if ((untilNanos > 0 && e.timeNano() > untilNanos) || !sink.accept(e)) {
                    break;
                }
            }
            if (untilNanos > 0) {
                subscription.close();
            } else {
                live.add(subscription);
            }
        }, "fake-events");
        delivery.setDaemon(true);
        delivery.start();
        return subscription;
    }

    private final class Live implements Subscription {
        private final Predicate<Event> filter;
        private final Sink sink;
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        Live(Predicate<Event> filter, Sink sink) {
            this.filter = filter;
            this.sink = sink;
        }

        void offer(Event e) {
            if (filter.test(e) && !sink.accept(e)) {
                close();
            }
        }

        @Override
        public CompletionStage<Void> done() {
            return done;
        }

        @Override
        public void close() {
            live.remove(this);
            done.complete(null);
        }
    }
}
