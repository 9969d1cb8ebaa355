package io.linnet.containerd.container;

import io.linnet.engine.api.network.ContainerNetworking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/** The networking service (network-cni) when it is there: without it containers get an empty network namespace. */
final class ContainerNetwork {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerNetwork.class);

    private final Supplier<ContainerNetworking> networking;

    ContainerNetwork(Supplier<ContainerNetworking> networking) {
        this.networking = networking;
    }

    ContainerNetworking get() {
        return networking.get();
    }

    /** CNI DEL once the task is gone; a failure is logged, never in the way of recording the exit. */
    void detach(String id) {
        ContainerNetworking net = networking.get();
        if (net != null) {
            try {
                net.detach(id);
            } catch (RuntimeException e) {
                LOG.warn("container {}: could not release its network: {}", id, e.toString());
            }
        }
    }

    /** The container's peers resolve its new name; a failure is logged, the rename stands. */
    void renamed(String id, String name) {
        ContainerNetworking net = networking.get();
        if (net != null) {
            try {
                net.renamed(id, name);
            } catch (RuntimeException e) {
                LOG.warn("container {}: its networks did not learn its new name: {}", id, e.toString());
            }
        }
    }

    /** The container is gone: its endpoints' records go too. */
    void forget(String id) {
        ContainerNetworking net = networking.get();
        if (net != null) {
            net.forget(id);
        }
    }
}
