package io.linnet.engine.api.event;

import java.util.function.Predicate;

/**
 * The daemon's event stream: every engine service publishes what it did; {@code GET /events}
 * replays a bounded history and then follows live events.
 *
 * <p>Publishers hold this service as an optional, dynamic reference: events are lost while no
 * event service runs, nothing else is.
 */
public interface EventService {

    /** Never blocks: a subscriber that cannot keep up is dropped, not waited for. */
    void publish(Event event);

    /**
     * Sends the remembered events from {@code sinceNanos} on, then live ones, to {@code sink}
     * until {@code untilNanos} passes (0: no end), the sink declines, or the subscription is closed.
     *
     * @param sinceNanos Unix nanoseconds; negative for "from now" (no history)
     */
    Subscription subscribe(long sinceNanos, long untilNanos, Predicate<Event> filter, Sink sink);

    /** Receives events on a thread of the event service; answers false to end the subscription. */
    @FunctionalInterface
    interface Sink {
        boolean accept(Event event);
    }

    interface Subscription extends AutoCloseable {
        /** Completes when the subscription has ended, for whatever reason. */
        java.util.concurrent.CompletionStage<Void> done();

        @Override
        void close();
    }
}
