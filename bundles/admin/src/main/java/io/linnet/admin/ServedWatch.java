package io.linnet.admin;

import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;

/**
 * Watches, from before a bundle operation, the API resources that come and go and the HTTP host's
 * serving application: the operation has taken effect for clients once an application built after
 * the last resource change, with as many resources as are registered, serves. Counting alone is not
 * enough: a swapped endpoint bundle's resources go and come back, and the host may still serve the
 * application from before, with the same count, when the operation returns.
 */
final class ServedWatch implements AutoCloseable {
    private final BundleContext context;
    private final IntSupplier resourceCount;
    private final ServiceListener listener = this::changed;
    private long events; // guarded by this
    private long lastResourceChange; // guarded by this: 0 while none
    private long lastServedInFull; // guarded by this

    ServedWatch(BundleContext context, IntSupplier resourceCount) throws InvalidSyntaxException {
        this.context = context;
        this.resourceCount = resourceCount;
        context.addServiceListener(listener, "(|(" + BundleSwaps.RESOURCE_PROPERTY + "=true)("
                + BundleSwaps.SERVED_PROPERTY + "=*))");
    }

    private synchronized void changed(ServiceEvent event) {
        events++;
        if (event.getServiceReference().getProperty(BundleSwaps.SERVED_PROPERTY) == null) {
            lastResourceChange = events;
        } else if (event.getType() == ServiceEvent.MODIFIED
                && event.getServiceReference().getProperty(BundleSwaps.SERVED_PROPERTY).equals(resourceCount.getAsInt())) {
            lastServedInFull = events;
        }
        notifyAll();
    }

    /** Until at least {@code count} API resources are registered; at most {@code timeoutMs}. */
    synchronized void awaitResources(int count, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (resourceCount.getAsInt() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Until the resources registered now are served, if any changed; at most {@code timeoutMs}. */
    synchronized void await(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (lastResourceChange != 0 && lastServedInFull < lastResourceChange) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    @Override
    public void close() {
        try {
            context.removeServiceListener(listener);
        } catch (IllegalStateException contextGone) {
            // the admin bundle itself was swapped
        }
    }
}
