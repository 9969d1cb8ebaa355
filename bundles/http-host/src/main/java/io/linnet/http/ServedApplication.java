package io.linnet.http;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started Jersey application and the requests it is still serving. When a newer application
 * replaces it, it stops itself once the last of those requests (possibly a long stream) ends.
 */
final class ServedApplication {
    private static final Logger LOG = LoggerFactory.getLogger(ServedApplication.class);

    private final JettyHttpContainer container;
    private final DirectRoutes direct;
    private final int resourceCount;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean retired;

    ServedApplication(JettyHttpContainer container, DirectRoutes direct, int resourceCount) {
        this.container = container;
        this.direct = direct;
        this.resourceCount = resourceCount;
    }

    int resourceCount() {
        return resourceCount;
    }

    boolean handle(Request request, Response response, Callback callback) throws Exception {
        inFlight.incrementAndGet();
        AtomicBoolean completed = new AtomicBoolean();
        Callback done = new Callback() {
            @Override
            public void succeeded() {
                if (completed.compareAndSet(false, true)) {
                    try {
                        callback.succeeded();
                    } finally {
                        requestEnded();
                    }
                }
            }

            @Override
            public void failed(Throwable x) {
                if (completed.compareAndSet(false, true)) {
                    try {
                        callback.failed(x);
                    } finally {
                        requestEnded();
                    }
                }
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        };
        boolean handled;
        HostStreamSupport.HANDED_OVER.set(request);
        try {
            if (direct.handle(request, response, done)) {
                return true; // answered below Jersey; its write completes done
            }
            handled = container.handle(request, response, done);
        } catch (Exception | Error e) {
            // Jetty fails the request's own callback; ours will never run.
            if (completed.compareAndSet(false, true)) {
                requestEnded();
            }
            throw e;
        } finally {
            HostStreamSupport.HANDED_OVER.remove();
        }
        if (!handled) {
            if (completed.compareAndSet(false, true)) {
                requestEnded();
            }
        } else if (!completed.get()) {
            // Every resource answers synchronously, so Jersey is done with the request here. When
            // writing a committed response failed (the client went away), Jersey 4.0's
            // ResponseWriter.failure completes nothing: the exchange, its connection and its
            // descriptor would stay open for ever. End it as failed.
            done.failed(new java.io.IOException("the response could not be completed"));
        }
        return handled;
    }

    /** No new requests come here any more; stop once the running ones are done. */
    void retire() {
        retired = true;
        if (inFlight.get() == 0) {
            stop();
        }
    }

    private void requestEnded() {
        if (inFlight.decrementAndGet() == 0 && retired) {
            stop();
        }
    }

    private synchronized void stop() {
        if (!container.isRunning()) {
            return;
        }
        try {
            container.stop();
        } catch (Exception e) {
            LOG.warn("stopping a replaced application failed", e);
        }
    }

    Handler handler() {
        return container;
    }
}
