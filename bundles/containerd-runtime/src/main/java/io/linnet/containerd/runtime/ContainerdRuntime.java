package io.linnet.containerd.runtime;

import io.grpc.Channel;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.config.DaemonConfig;
import io.linnet.containerd.config.RuntimeSettings;
import io.linnet.containerd.managed.ManagedContainerd;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the connection to containerd for the engine services of this bundle: starts the managed
 * containerd (or reaches an external one) on activation and stops it when the daemon stops. A live
 * update or restart of this bundle leaves the managed containerd running for the next revision to
 * adopt: starting containerd again would cost seconds of the swap.
 * <p>
 * Configuration {@code io.linnet.daemon} is shared with other bundles: a change of keys this
 * component does not read leaves containerd alone; a change of its own keys reconnects in place.
 */
@Component(service = ContainerdConnection.class, immediate = true,
        configurationPid = "io.linnet.daemon", configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class ContainerdRuntime implements ContainerdConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerdRuntime.class);

    private volatile ContainerdSession session;

    @Activate
    public ContainerdRuntime(DaemonConfig config) {
        this(RuntimeSettings.from(config));
    }

    public ContainerdRuntime(RuntimeSettings settings) {
        LOG.info("connecting to {} containerd at {} (namespace {})",
                settings.managed() ? "managed" : "external", settings.socketPath(), settings.namespace());
        this.session = ContainerdSession.open(settings);
    }

    @Modified
    void modified(DaemonConfig config) {
        RuntimeSettings settings = RuntimeSettings.from(config);
        synchronized (this) {
            if (settings.equals(session.settings())) {
                return;
            }
            LOG.info("containerd settings changed, reconnecting: {}", settings);
            // the old session goes first: a managed containerd owns its socket and state directory
            session.close();
            session = ContainerdSession.open(settings);
        }
    }

    @Deactivate
    synchronized void deactivate(BundleContext context) {
        if (DaemonStop.inProgress(context)) {
            session.close();
        } else {
            release();
        }
    }

    /** Disconnects, leaving a managed containerd running for the next revision of this bundle. */
    synchronized void release() {
        session.release();
    }

    public synchronized void close() {
        session.close();
    }

    @Override
    public RuntimeSettings settings() {
        return session.settings();
    }

    @Override
    public Channel channel() {
        return session.callChannel();
    }

    /** The managed containerd process, or null when the daemon uses an external containerd. */
    public ManagedContainerd managedContainerd() {
        return session.managed();
    }
}
