package io.linnet.containerd.runtime;

import io.linnet.containerd.client.ContainerdChannel;
import io.linnet.containerd.client.ContainerdGapWait;
import io.linnet.containerd.config.RuntimeSettings;
import io.linnet.containerd.managed.ManagedContainerd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** The channel for one set of settings and, in managed mode, the containerd process behind it. */
final class ContainerdSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerdSession.class);
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(10);

    private final RuntimeSettings settings;
    private final ContainerdChannel channel;
    private final ManagedContainerd managed;
    private final io.grpc.Channel waitingChannel;

    private ContainerdSession(RuntimeSettings settings, ContainerdChannel channel, ManagedContainerd managed) {
        this.settings = settings;
        this.channel = channel;
        this.managed = managed;
        this.waitingChannel = io.grpc.ClientInterceptors.intercept(channel.channel(), new ContainerdGapWait(channel));
    }

    /** Starts (managed) or reaches (external) containerd; the first Version call warms grpc up. */
    static ContainerdSession open(RuntimeSettings settings) {
        ContainerdChannel channel = ContainerdChannel.open(settings.socketPath(), settings.namespace());
        try {
            if (settings.managed()) {
                ManagedContainerd managed = new ManagedContainerd(settings.managedLayout(), settings.debug(), channel);
                try {
                    managed.start();
                } catch (RuntimeException e) {
                    managed.close();
                    throw e;
                }
                return new ContainerdSession(settings, channel, managed);
            }
            warmUp(channel);
            return new ContainerdSession(settings, channel, null);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** An external containerd may come up after the daemon: stay active, calls fail until it answers. */
    private static void warmUp(ContainerdChannel channel) {
        long start = System.nanoTime();
        try {
            var version = channel.version(WARM_UP_TIMEOUT);
            LOG.info("containerd {} ({}) answering at {} after {} ms", version.getVersion(), version.getRevision(),
                    channel.socket(), (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("containerd at {} does not answer yet ({}); calls will fail until it does", channel.socket(), e.getMessage());
        }
    }

    RuntimeSettings settings() {
        return settings;
    }

    ContainerdChannel channel() {
        return channel;
    }

    /** The channel the engine's calls go through: a call made while containerd restarts waits for it. */
    io.grpc.Channel callChannel() {
        return waitingChannel;
    }

    /** The managed process, or null for an external containerd. */
    ManagedContainerd managed() {
        return managed;
    }

    @Override
    public void close() {
        channel.close();
        if (managed != null) {
            managed.close();
        }
    }

    /** Closes the channel but leaves a managed containerd running, for the next revision of this bundle. */
    void release() {
        channel.close();
        if (managed != null) {
            managed.release();
        }
    }
}
