package io.linnet.containerd.container;

import io.grpc.StatusRuntimeException;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.proto.snapshots.MountsRequest;
import io.linnet.containerd.proto.snapshots.SnapshotsGrpc;
import io.linnet.containerd.proto.snapshots.StatSnapshotRequest;
import io.linnet.containerd.proto.snapshots.UsageRequest;
import io.linnet.engine.api.container.ContainerService.Size;
import io.linnet.files.ConfinedDir;
import io.linnet.files.ConfinedRoot;
import io.linnet.files.FileStat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code ps -s} and {@code inspect -s}: a container's own bytes (SizeRw) and those of its whole chain (SizeRootFs). */
final class ContainerSizes {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerSizes.class);

    private final ContainerdConnection containerd;

    ContainerSizes(ContainerdConnection containerd) {
        this.containerd = containerd;
    }

    Size of(io.linnet.containerd.proto.containers.Container record) {
        var snapshots = containerd.blocking(SnapshotsGrpc::newBlockingStub);
        String snapshotter = record.getSnapshotter().isEmpty() ? "overlayfs" : record.getSnapshotter();
        long rw = 0;
        long total = 0;
        String key = record.getSnapshotKey();
        try {
            // the container's own layer, then each parent down the chain (one image layer each)
            for (int depth = 0; !key.isEmpty() && depth < 256; depth++) {
                long used = snapshots.usage(UsageRequest.newBuilder().setSnapshotter(snapshotter).setKey(key).build())
                        .getSize();
                if (depth == 0) {
                    rw = changedBytes(snapshots.mounts(MountsRequest.newBuilder().setSnapshotter(snapshotter)
                            .setKey(key).build()).getMountsList(), used);
                }
                total += used;
                key = snapshots.stat(StatSnapshotRequest.newBuilder().setSnapshotter(snapshotter).setKey(key).build())
                        .getInfo().getParent();
            }
        } catch (StatusRuntimeException e) {
            LOG.debug("container {}: size incomplete: {}", record.getId(), e.getStatus());
        }
        return new Size(rw, total);
    }

    /**
     * As dockerd counts SizeRw: the bytes of the files the container changed (its overlay upper
     * directory), not the disk blocks they take; {@code fallback} when there is no upper directory.
     * The upper directory is the running container's to change: it is walked confined.
     */
    private static long changedBytes(List<io.linnet.containerd.proto.types.Mount> mounts, long fallback) {
        for (var m : mounts) {
            for (String option : m.getOptionsList()) {
                if (option.startsWith("upperdir=")) {
                    try (ConfinedRoot upper = ConfinedRoot.open(Path.of(option.substring("upperdir=".length())));
                         ConfinedDir top = upper.dir()) {
                        return regularBytes(top, 0);
                    } catch (IOException e) {
                        return fallback;
                    }
                }
            }
        }
        return fallback;
    }

    private static long regularBytes(ConfinedDir dir, int depth) throws IOException {
        if (depth > ConfinedDir.MAX_DEPTH) {
            throw new IOException("directory tree too deep");
        }
        long sum = 0;
        for (String name : dir.list()) {
            FileStat st = dir.lstatOrNull(name);
            if (st == null) {
                continue;
            }
            if (st.isRegular()) {
                sum += st.size();
            } else if (st.isDirectory()) {
                try (ConfinedDir child = dir.dir(name)) {
                    sum += regularBytes(child, depth + 1);
                }
            }
        }
        return sum;
    }
}
