package io.linnet.event.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLogTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final EventLog log = new EventLog(4, 3, now::get);

    @AfterEach
    void stop() {
        log.deactivate();
    }

    private static Event at(long nanos, String action) {
        return new Event("container", action, "c1", Map.of(), "local", nanos);
    }

    private static List<String> actions(List<Event> events) {
        return events.stream().map(Event::action).toList();
    }

    @Test
    void keepsOnlyTheLastEventsForReplay() throws Exception {
        for (int i = 1; i <= 6; i++) {
            log.publish(at(i * 100, "a" + i));
        }
        List<Event> got = new CopyOnWriteArrayList<>();
        var s = log.subscribe(0, 999, e -> true, got::add);
        s.done().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("a3", "a4", "a5", "a6"), actions(got));
        assertEquals(0, log.subscriberCount(), "a past-only subscription is never live");
    }

    @Test
    void replaysTheRangeThenFollowsLiveEventsInOrder() throws Exception {
        log.publish(at(100, "old"));
        log.publish(at(200, "kept"));
        List<Event> got = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        var s = log.subscribe(150, 0, e -> true, e -> {
            got.add(e);
            three.countDown();
            return true;
        });
        log.publish(at(1_100, "live1"));
        log.publish(at(1_200, "live2"));
        assertTrue(three.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("kept", "live1", "live2"), actions(got));
        s.close();
        assertEquals(0, log.subscriberCount());
        assertTrue(s.done().toCompletableFuture().isDone());
    }

    @Test
    void noSinceAndNoUntilMeansNoReplay() throws Exception {
        log.publish(at(100, "old"));
        List<Event> got = new CopyOnWriteArrayList<>();
        CountDownLatch one = new CountDownLatch(1);
        var s = log.subscribe(-1, 0, e -> true, e -> {
            got.add(e);
            one.countDown();
            return true;
        });
        log.publish(at(1_100, "new"));
        assertTrue(one.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("new"), actions(got));
        s.close();
    }

    @Test
    void filtersReplayAndLiveEvents() throws Exception {
        log.publish(at(100, "start"));
        log.publish(at(200, "die"));
        List<Event> got = new CopyOnWriteArrayList<>();
        CountDownLatch two = new CountDownLatch(2);
        var s = log.subscribe(0, 0, e -> e.action().equals("die"), e -> {
            got.add(e);
            two.countDown();
            return true;
        });
        log.publish(at(1_100, "start"));
        log.publish(at(1_200, "die"));
        assertTrue(two.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("die", "die"), actions(got));
        s.close();
    }

    @Test
    void endsAtUntilEvenWithoutEvents() throws Exception {
        long realNow = System.currentTimeMillis() * 1_000_000L;
        EventLog real = new EventLog(4, 3, () -> System.currentTimeMillis() * 1_000_000L);
        try {
            var s = real.subscribe(-1, realNow + 200_000_000L, e -> true, e -> true);
            s.done().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(0, real.subscriberCount());
        } finally {
            real.deactivate();
        }
    }

    @Test
    void liveEventsAfterUntilEndTheStream() throws Exception {
        List<Event> got = new CopyOnWriteArrayList<>();
        // until is 10 s after the test clock's now: the stream must end by the later event, not the
        // deadline timer (a few microseconds of real time would race the publications)
        long until = 10_000_000_000L;
        var s = log.subscribe(-1, until, e -> true, got::add);
        log.publish(at(4_000, "inside"));
        log.publish(at(until + 1_000, "after"));
        s.done().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("inside"), actions(got));
    }

    @Test
    void aSinkThatDeclinesEndsItsSubscription() throws Exception {
        var s = log.subscribe(-1, 0, e -> true, e -> false);
        log.publish(at(1_100, "x"));
        s.done().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(0, log.subscriberCount());
    }

    @Test
    void aLaggingSubscriberIsDroppedWithoutSlowingPublishOrOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        var stuck = log.subscribe(-1, 0, e -> true, e -> {
            try {
                release.await(); // a client that stopped reading
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            return true;
        });
        List<Event> healthy = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(20);
        var fine = log.subscribe(-1, 0, e -> true, e -> {
            healthy.add(e);
            all.countDown();
            return true;
        });
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            log.publish(at(2_000 + i, "e" + i));
            if (i % 3 == 2) {
                Thread.sleep(20); // let the healthy one keep up with its queue of 3
            }
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "publish never waits");
        stuck.done().toCompletableFuture().get(5, TimeUnit.SECONDS); // the stuck subscriber is dropped
        assertTrue(all.await(5, TimeUnit.SECONDS));
        assertEquals(20, healthy.size());
        assertFalse(fine.done().toCompletableFuture().isDone());
        assertEquals(1, log.subscriberCount());
        release.countDown();
        fine.close();
    }

    @Test
    void manySubscribersComeAndGoWithoutLeaks() throws Exception {
        List<EventService.Subscription> subs = new java.util.ArrayList<>();
        CountDownLatch delivered = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            subs.add(log.subscribe(-1, 0, e -> true, e -> {
                delivered.countDown();
                return true;
            }));
        }
        log.publish(at(1_500, "x"));
        assertTrue(delivered.await(5, TimeUnit.SECONDS));
        subs.forEach(EventService.Subscription::close);
        assertEquals(0, log.subscriberCount());
    }
}
