package io.linnet.containerd.image;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.client.Leases;
import io.linnet.containerd.proto.diff.ApplyRequest;
import io.linnet.containerd.proto.diff.DiffGrpc;
import io.linnet.containerd.proto.leases.CreateRequest;
import io.linnet.containerd.proto.leases.DeleteRequest;
import io.linnet.containerd.proto.leases.LeasesGrpc;
import io.linnet.containerd.proto.snapshots.CommitSnapshotRequest;
import io.linnet.containerd.proto.snapshots.PrepareSnapshotRequest;
import io.linnet.containerd.proto.snapshots.RemoveSnapshotRequest;
import io.linnet.containerd.proto.snapshots.SnapshotsGrpc;
import io.linnet.containerd.proto.snapshots.StatSnapshotRequest;
import io.linnet.containerd.proto.snapshots.UsageRequest;
import io.linnet.containerd.proto.types.Descriptor;
import io.linnet.containerd.proto.types.Mount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Leases, and layers unpacked into the snapshotter as committed snapshots named by chain ID. */
final class Snapshots {

    static final String SNAPSHOTTER = "overlayfs";
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    private static final long APPLY_TIMEOUT_MINUTES = 30;

    private final ContainerdConnection containerd;

    Snapshots(ContainerdConnection containerd) {
        this.containerd = containerd;
    }

    /** A lease that expires by itself after a day, should the daemon die before deleting it. */
    String createLease(String purpose) {
        String id = "linnet-" + purpose + "-" + UUID.randomUUID();
        containerd.blocking(LeasesGrpc::newBlockingStub).create(CreateRequest.newBuilder().setId(id)
                .putLabels("containerd.io/gc.expire", Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString())
                .build());
        return id;
    }

    void deleteLease(String id) {
        try {
            containerd.blocking(LeasesGrpc::newBlockingStub).delete(DeleteRequest.newBuilder().setId(id).build());
        } catch (StatusRuntimeException e) {
            LOG.warn("could not delete lease {}: {}", id, e.getStatus());
        }
    }

    boolean exists(String key) {
        try {
            containerd.blocking(SnapshotsGrpc::newBlockingStub)
                    .stat(StatSnapshotRequest.newBuilder().setSnapshotter(SNAPSHOTTER).setKey(key).build());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** Bytes the committed snapshot itself holds (not its parents). */
    long usage(String key) {
        return containerd.blocking(SnapshotsGrpc::newBlockingStub)
                .usage(UsageRequest.newBuilder().setSnapshotter(SNAPSHOTTER).setKey(key).build()).getSize();
    }

    /**
     * Unpacks layers (bottom first) as snapshots named by their chain IDs; layers whose snapshot
     * exists are skipped.
     *
     * @throws LayerMismatchException when a layer does not unpack to the diff ID the configuration names
     */
    void unpack(String leaseId, List<Descriptor> layers, List<String> diffIds) {
        List<String> chains = Digests.chainIds(diffIds);
        String parent = "";
        for (int i = 0; i < layers.size(); i++) {
            String chain = chains.get(i);
            // Tied to this lease before it is looked for: a snapshot an rmi just released can be
            // collected at any moment, also between finding it and holding it. Held, it stays
            // until the new image record refers to it (a lease may name a missing snapshot).
            hold(leaseId, chain);
            if (!exists(chain)) {
                apply(leaseId, layers.get(i), diffIds.get(i), parent, chain);
            }
            parent = chain;
        }
    }

    private void apply(String leaseId, Descriptor layer, String diffId, String parent, String chain) {
        String key = "linnet-extract-" + UUID.randomUUID() + " " + chain;
        var snapshots = Leases.under(leaseId, containerd.blocking(SnapshotsGrpc::newBlockingStub));
        List<Mount> mounts = snapshots.prepare(PrepareSnapshotRequest.newBuilder().setSnapshotter(SNAPSHOTTER)
                .setKey(key).setParent(parent).build()).getMountsList();
        boolean committed = false;
        try {
            var applied = Leases.under(leaseId, containerd.async(DiffGrpc::newBlockingStub))
                    .withDeadlineAfter(APPLY_TIMEOUT_MINUTES, TimeUnit.MINUTES)
                    .apply(ApplyRequest.newBuilder().setDiff(layer).addAllMounts(mounts).build()).getApplied();
            if (!applied.getDigest().equals(diffId)) {
                throw new LayerMismatchException(layer.getDigest(), applied.getDigest(), diffId);
            }
            try {
                Leases.under(leaseId, containerd.blocking(SnapshotsGrpc::newBlockingStub))
                        .commit(CommitSnapshotRequest.newBuilder().setSnapshotter(SNAPSHOTTER).setName(chain).setKey(key)
                                .putAllLabels(Map.of()).build());
                committed = true;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                    throw e;
                }
                // another load unpacked the same chain meanwhile: it is held already
            }
        } finally {
            if (!committed) {
                try {
                    containerd.blocking(SnapshotsGrpc::newBlockingStub)
                            .remove(RemoveSnapshotRequest.newBuilder().setSnapshotter(SNAPSHOTTER).setKey(key).build());
                } catch (StatusRuntimeException e) {
                    LOG.debug("could not remove snapshot {}: {}", key, e.getStatus());
                }
            }
        }
    }

    private void hold(String leaseId, String chain) {
        if (leaseId == null || leaseId.isEmpty()) {
            return;
        }
        containerd.blocking(io.linnet.containerd.proto.leases.LeasesGrpc::newBlockingStub).addResource(
                io.linnet.containerd.proto.leases.AddResourceRequest.newBuilder().setId(leaseId)
                        .setResource(io.linnet.containerd.proto.leases.Resource.newBuilder().setId(chain)
                                .setType("snapshots/" + SNAPSHOTTER))
                        .build());
    }

    /** A layer whose content does not match the diff ID the configuration states. */
    static final class LayerMismatchException extends RuntimeException {
        LayerMismatchException(String layer, String actual, String expected) {
            super("layer " + layer + " unpacks to " + actual + ", but the image configuration expects " + expected);
        }
    }
}
