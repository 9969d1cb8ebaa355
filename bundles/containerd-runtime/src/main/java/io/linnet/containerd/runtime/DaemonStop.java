package io.linnet.containerd.runtime;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * Tells a component's deactivation apart: the daemon stopping (the framework stops) or only this
 * bundle going (a live update or restart), after which the next revision adopts what runs.
 */
public final class DaemonStop {
    private DaemonStop() {
    }

    /** The framework is stopping (SIGTERM), not just this bundle. */
    public static boolean inProgress(BundleContext context) {
        try {
            return context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getState() == Bundle.STOPPING;
        } catch (IllegalStateException contextGone) {
            return true;
        }
    }
}
