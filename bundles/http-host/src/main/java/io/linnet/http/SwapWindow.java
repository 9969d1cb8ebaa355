package io.linnet.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open while live administration replaces a bundle (it registers a {@code linnet.swap} marker),
 * and until the first application built after the last swap serves: routes that are briefly gone
 * or resources whose engine is being replaced answer 503 then, never dockerd's 404 or a 500.
 */
final class SwapWindow {
    private final AtomicInteger swaps = new AtomicInteger();
    private volatile boolean settling;

    void swapStarted() {
        swaps.incrementAndGet();
        settling = true;
    }

    void swapEnded() {
        swaps.decrementAndGet();
    }

    /** An application built from the resources present now is serving. */
    void rebuilt() {
        if (swaps.get() == 0) {
            settling = false;
        }
    }

    boolean open() {
        return settling;
    }
}
