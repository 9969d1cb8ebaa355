package io.linnet.admin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Replaces a bundle's revision while the daemon runs: update from a stream, refresh what was
 * wired to the old revision, start it again. While a swap runs a marker service
 * ({@value #SWAP_PROPERTY}) is registered, so the HTTP host answers 503 rather than 404 for
 * routes that are only briefly gone.
 */
final class BundleSwaps {
    static final String SWAP_PROPERTY = "linnet.swap";
    /** The property of the JAX-RS resources endpoint bundles register (see the HTTP host). */
    static final String RESOURCE_PROPERTY = "linnet.jaxrs.resource";
    private static final long REFRESH_TIMEOUT_S = 60;
    /**
     * The endpoint components that hung on the swapped bundle come back asynchronously (an engine
     * bundle reconnects to containerd first): the swap ends when as many API resources are
     * registered as before, or after this long.
     */
    private static final long RESOURCES_TIMEOUT_MS = 30_000;
    /** The HTTP host's marker property: the number of resources its serving application has. */
    static final String SERVED_PROPERTY = "linnet.served.resources";
    private static final long SERVED_TIMEOUT_MS = 5_000;

    private final BundleContext context;

    BundleSwaps(BundleContext context) {
        this.context = context;
    }

    /** Updates {@code bundle} from {@code jar} (its own location when null) and starts it again if it ran. */
    void update(Bundle bundle, InputStream jar) throws BundleException, IOException, InterruptedException {
        boolean wasActive = bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.STARTING;
        int resources = resourceCount();
        try (ServedWatch served = new ServedWatch(context, this::resourceCount)) {
            ServiceRegistration<?> marker = markSwap(bundle);
            try {
                // stopped first, the bundle starts once, as the new revision: update() alone would start
                // the new revision and the refresh would then stop and start it again
                if (wasActive) {
                    bundle.stop(Bundle.STOP_TRANSIENT);
                }
                try {
                    if (jar == null) {
                        bundle.update();
                    } else {
                        bundle.update(jar);
                    }
                    refresh(List.of(bundle));
                } finally {
                    if (wasActive) {
                        bundle.start(); // the old revision again when the update failed
                    }
                }
                if (wasActive) {
                    served.awaitResources(resources, RESOURCES_TIMEOUT_MS);
                }
            } finally {
                unregister(marker);
            }
            served.await(SERVED_TIMEOUT_MS);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A change of bundles (start, stop, install, uninstall) that the HTTP host may have to serve. */
    interface Change<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code change} and returns once the HTTP host serves an application built after the API
     * resources it added or removed (watched through service events from before the change, as
     * {@link #update} does), so that a command that returns has taken effect for clients. A change
     * that touched no resource returns at once; gives up after {@value #SERVED_TIMEOUT_MS} ms (no
     * HTTP host, say).
     */
    <T> T served(Change<T> change) throws Exception {
        try (ServedWatch served = new ServedWatch(context, this::resourceCount)) {
            T result = change.run();
            served.await(SERVED_TIMEOUT_MS);
            return result;
        }
    }

    /** Reverts a bundle to the jar at its install location (the one the distribution shipped). */
    void revert(Bundle bundle) throws BundleException, IOException, InterruptedException {
        try (InputStream shipped = URI.create(bundle.getLocation()).toURL().openStream()) {
            update(bundle, shipped);
        }
    }

    /** Rewires {@code bundles} and what depends on them, and waits until the framework is done. */
    void refresh(Collection<Bundle> bundles) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class)
                .refreshBundles(bundles, event -> {
                    if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                        done.countDown();
                    }
                });
        if (!done.await(REFRESH_TIMEOUT_S, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the framework did not finish refreshing in " + REFRESH_TIMEOUT_S + " s");
        }
    }

    private int resourceCount() {
        ServiceReference<?>[] refs = references("(" + RESOURCE_PROPERTY + "=true)");
        return refs == null ? 0 : refs.length;
    }

    private ServiceReference<?>[] references(String filter) {
        try {
            return context.getServiceReferences((String) null, filter);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private ServiceRegistration<?> markSwap(Bundle bundle) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(SWAP_PROPERTY, bundle.getSymbolicName());
        return context.registerService(Object.class, new Object(), props);
    }

    private static void unregister(ServiceRegistration<?> marker) {
        try {
            marker.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the admin bundle itself was swapped
        }
    }
}
