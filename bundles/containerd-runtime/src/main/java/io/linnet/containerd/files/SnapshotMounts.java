package io.linnet.containerd.files;

import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.proto.containers.ContainersGrpc;
import io.linnet.containerd.proto.containers.GetContainerRequest;
import io.linnet.containerd.proto.snapshots.MountsRequest;
import io.linnet.containerd.proto.snapshots.SnapshotsGrpc;
import io.linnet.containerd.proto.types.Mount;

import java.util.ArrayList;
import java.util.List;

/**
 * The mounts containerd's snapshotter gives for a container's read-write snapshot, and the
 * overlay layers they name: the upper directory (the container's own changes) and the image's
 * lower directories, top first.
 */
record SnapshotMounts(List<Mount> mounts) {

    static SnapshotMounts of(ContainerdConnection containerd, String containerId) {
        var record = containerd.blocking(ContainersGrpc::newBlockingStub)
                .get(GetContainerRequest.newBuilder().setId(containerId).build()).getContainer();
        List<Mount> mounts = containerd.blocking(SnapshotsGrpc::newBlockingStub).mounts(MountsRequest.newBuilder()
                .setSnapshotter(record.getSnapshotter()).setKey(record.getSnapshotKey()).build()).getMountsList();
        return new SnapshotMounts(mounts);
    }

    private Mount single() {
        if (mounts.size() != 1) {
            throw new IllegalStateException("the snapshot has " + mounts.size() + " mounts, expected one");
        }
        return mounts.get(0);
    }

    boolean overlay() {
        return single().getType().equals("overlay");
    }

    /** The directory holding the container's changes (for a snapshot without parent, its whole file system). */
    String upper() {
        Mount m = single();
        return overlay() ? option(m, "upperdir") : m.getSource();
    }

    /** The image's layers, top first; empty for a snapshot without parent. */
    List<String> lowers() {
        Mount m = single();
        if (!overlay()) {
            return List.of();
        }
        String lower = option(m, "lowerdir");
        return lower == null ? List.of() : List.of(lower.split(":"));
    }

    /**
     * mount(8) arguments for the container's file system read-write, as its task sees it, but
     * {@code nosuid,nodev}: the daemon's own view is for files, never for running or opening devices.
     */
    List<String> writableMountArgs(String target) {
        Mount m = single();
        List<String> options = new ArrayList<>(m.getOptionsList());
        options.addAll(List.of("nosuid", "nodev"));
        return List.of("-t", m.getType().equals("bind") ? "none" : m.getType(), "-o", String.join(",", options),
                m.getSource(), target);
    }

    /**
     * mount(8) arguments for a read-only view: the upper directory as one more lower layer, so the
     * mount takes no work directory and may exist beside the running task's own mount.
     */
    List<String> readOnlyMountArgs(String target) {
        Mount m = single();
        if (!overlay()) {
            return List.of("--bind", "-o", "ro,nosuid,nodev", m.getSource(), target);
        }
        List<String> options = new ArrayList<>();
        for (String o : m.getOptionsList()) {
            if (!o.startsWith("upperdir=") && !o.startsWith("workdir=") && !o.startsWith("lowerdir=") && !o.equals("rw")) {
                options.add(o);
            }
        }
        options.add("lowerdir=" + upper() + ":" + String.join(":", lowers()));
        options.addAll(List.of("ro", "nosuid", "nodev"));
        return List.of("-t", "overlay", "-o", String.join(",", options), "overlay", target);
    }

    private static String option(Mount m, String key) {
        for (String o : m.getOptionsList()) {
            if (o.startsWith(key + "=")) {
                return o.substring(key.length() + 1);
            }
        }
        return null;
    }
}
