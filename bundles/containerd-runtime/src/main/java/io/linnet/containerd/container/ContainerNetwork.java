package io.linnet.containerd.container;

import io.linnet.engine.api.network.ContainerNetworking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/** The networking service (network-cni) when it is there: without it containers get an empty network namespace. */
final class ContainerNetwork {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerNetwork.class);

    private final Supplier<ContainerNetworking> networking;
    /** Runs CNI ADD beside the task's create. */
    private final Executor aside;

    ContainerNetwork(Supplier<ContainerNetworking> networking, Executor aside) {
        this.networking = networking;
        this.aside = aside;
    }

    ContainerNetworking get() {
        return networking.get();
    }

    /**
     * Before the task's create: its files written and, when networking makes the namespace the spec
     * names, CNI ADD started on another thread (as CRI: the task's create and the ADD overlap).
     */
    Attaching prepare(String id) {
        ContainerNetworking net = networking.get();
        if (net == null) {
            return new Attaching(null, id, null);
        }
        if (!net.prepare(id)) {
            return new Attaching(net, id, null);
        }
        CompletableFuture<Void> added;
        try {
            added = CompletableFuture.runAsync(() -> net.attachPrepared(id), aside);
        } catch (RejectedExecutionException stopping) {
            added = new CompletableFuture<>();
            try {
                net.attachPrepared(id);
                added.complete(null);
            } catch (RuntimeException e) {
                added.completeExceptionally(e);
            }
        }
        return new Attaching(net, id, added);
    }

    /** A task's network while the task is started; {@code added} is the ADD running beside its create, or null. */
    record Attaching(ContainerNetworking net, String id, CompletableFuture<Void> added) {

        /** Between the task's create and start: the ADD beside it has ended (its failure thrown), the pid is known. */
        void created(int pid) {
            if (net == null) {
                return;
            }
            if (added != null) {
                try {
                    added.join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
            net.attach(id, pid);
        }

        /** The start failed: the ADD beside the create is let end first, so the release finds all it made. */
        void settle() {
            if (added != null) {
                added.exceptionally(e -> null).join();
            }
        }
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
