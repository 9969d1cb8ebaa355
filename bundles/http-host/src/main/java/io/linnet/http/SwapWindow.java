package io.linnet.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open while live administration replaces a bundle (it registers a {@code linnet.swap} marker),
 * and until an application built from resources gathered after the last swap ended serves:
 * routes that are briefly gone or resources whose engine is being replaced answer 503 then,
 * never dockerd's 404 or a 500. An application whose resources were gathered before the swap
 * ended (a build already running then) does not close the window.
 */
final class SwapWindow {
    private final AtomicInteger swaps = new AtomicInteger();
    private final AtomicLong ended = new AtomicLong();
    private volatile boolean settling;

    void swapStarted() {
        swaps.incrementAndGet();
        settling = true;
    }

    void swapEnded() {
        ended.incrementAndGet();
        swaps.decrementAndGet();
    }

    /** Taken when a rebuild gathers its resources; handed back to {@link #rebuilt} once it serves. */
    long gathering() {
        return swaps.get() == 0 ? ended.get() : -1;
    }

    /** An application built from the resources gathered at {@code gathered} is serving. */
    void rebuilt(long gathered) {
        if (gathered >= 0 && gathered == ended.get() && swaps.get() == 0) {
            settling = false;
        }
    }

    boolean open() {
        return settling;
    }

    /** A swap is under way: its resources come and go, and one rebuild when it ends serves them. */
    boolean swapping() {
        return swaps.get() > 0;
    }
}
