package io.linnet.containerd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedConcurrencyTest {

    @Test
    void aHundredCallersRunAtMostTheLimitAtOnceAndAllComplete() throws Exception {
        BoundedConcurrency gate = new BoundedConcurrency(4);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(100);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                results.add(pool.submit(() -> gate.call(() -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inside.decrementAndGet();
                    return n;
                })));
            }
            for (int i = 0; i < 100; i++) {
                assertEquals(i, results.get(i).get(30, TimeUnit.SECONDS)); // none refused, none lost
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4, most.get(), "callers inside at once");
        assertEquals(0, gate.running());
    }

    @Test
    void waitersQueueInArrivalOrder() throws Exception {
        BoundedConcurrency gate = new BoundedConcurrency(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            Future<?> holder = pool.submit(() -> gate.run(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            while (gate.running() == 0) {
                Thread.sleep(1);
            }
            List<Future<?>> waiters = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                waiters.add(pool.submit(() -> gate.run(() -> order.add(n))));
                while (gate.waiting() < i + 1) { // the next arrives only once this one waits
                    Thread.sleep(1);
                }
            }
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            for (Future<?> w : waiters) {
                w.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }

    @Test
    void aFailingCallGivesItsTurnBack() {
        BoundedConcurrency gate = new BoundedConcurrency(1);
        assertThrows(IllegalStateException.class, () -> gate.run(() -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals(0, gate.running());
        assertTrue(gate.call(() -> true));
    }
}
