package io.linnet.containerd.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.StatusRuntimeException;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.client.GrpcErrors;
import io.linnet.containerd.client.Leases;
import io.linnet.containerd.image.ContentStore.Blob;
import io.linnet.containerd.proto.diff.DiffGrpc;
import io.linnet.containerd.proto.diff.DiffRequest;
import io.linnet.containerd.proto.snapshots.MountsRequest;
import io.linnet.containerd.proto.snapshots.RemoveSnapshotRequest;
import io.linnet.containerd.proto.snapshots.SnapshotsGrpc;
import io.linnet.containerd.proto.snapshots.ViewSnapshotRequest;
import io.linnet.containerd.proto.types.Descriptor;
import io.linnet.containerd.proto.types.Mount;
import io.linnet.engine.api.EngineException;
import io.linnet.engine.api.image.ImageConfig;
import io.linnet.engine.api.image.ImageLayers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * New images from a parent image plus one step: a container's changes (containerd's Diff
 * service), a layer tar, or a config change. Each image is kept by a dangling record until it
 * is tagged, as dockerd keeps intermediate build images.
 */
@Component(service = ImageLayers.class)
public final class ContainerdImageLayers implements ImageLayers {

    /** The digest of an empty tar (1024 zero bytes): moby's "empty layer". */
    static final String EMPTY_TAR = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
    private static final Logger LOG = LoggerFactory.getLogger(ContainerdImageLayers.class);

    private final ContainerdConnection containerd;
    private final ContentStore content;
    private final Snapshots snapshots;
    private final ImageCatalog catalog;
    private final ImageNames names;
    private final ImageWriter writer;

    @Activate
    public ContainerdImageLayers(@Reference ContainerdConnection containerd, @Reference ImageRecords imageRecords) {
        this.containerd = containerd;
        this.content = new ContentStore(containerd);
        this.snapshots = new Snapshots(containerd);
        this.catalog = new ImageCatalog(imageRecords, content, snapshots);
        this.names = new ImageNames(containerd, catalog);
        this.writer = new ImageWriter(content, snapshots);
    }

    /** The parent's manifest and raw configuration; null parent for scratch. */
    private record Parent(String id, List<Descriptor> layers, List<String> diffIds, ObjectNode config) {
    }

    private Parent parent(String parentImageId) {
        if (parentImageId == null || parentImageId.isEmpty()) {
            ObjectNode config = ImageJson.MAPPER.createObjectNode();
            config.put("architecture", Platforms.architecture());
            config.put("os", Platforms.os());
            return new Parent("", List.of(), List.of(), config);
        }
        ImageCatalog.Entry entry = catalog.resolve(parentImageId).entry();
        byte[] raw = content.readBytes(entry.id(), ImageCatalog.JSON_LIMIT);
        ObjectNode config = (ObjectNode) ImageJson.parse(raw, "image configuration " + entry.id());
        return new Parent(entry.id(), entry.manifest().layers(), entry.config().diffIds(), config);
    }

    @Override
    public String commitContainer(String containerId, String parentImageId, Step step) {
        return call("commit container " + containerId, () -> {
            Parent parent = parent(parentImageId);
            String lease = snapshots.createLease("commit");
            String view = "linnet-commit-view-" + UUID.randomUUID();
            try {
                var snaps = Leases.under(lease, containerd.blocking(SnapshotsGrpc::newBlockingStub));
                List<Mount> lower = List.of();
                if (!parent.diffIds().isEmpty()) {
                    List<String> chains = Digests.chainIds(parent.diffIds());
                    lower = snaps.view(ViewSnapshotRequest.newBuilder().setSnapshotter(Snapshots.SNAPSHOTTER)
                            .setKey(view).setParent(chains.get(chains.size() - 1)).build()).getMountsList();
                }
                List<Mount> upper = snaps.mounts(MountsRequest.newBuilder().setSnapshotter(Snapshots.SNAPSHOTTER)
                        .setKey(containerId).build()).getMountsList();
                // Uncompressed: the layer's digest is its diff ID, and nothing needs decompressing later.
                Descriptor diff = Leases.under(lease, containerd.async(DiffGrpc::newBlockingStub))
                        .withDeadlineAfter(30, TimeUnit.MINUTES)
                        .diff(DiffRequest.newBuilder().addAllLeft(lower).addAllRight(upper)
                                .setMediaType(MediaTypes.OCI_LAYER).setRef("linnet-commit-" + UUID.randomUUID())
                                .build()).getDiff();
                if (diff.getDigest().equals(EMPTY_TAR)) {
                    return write(lease, parent, null, step);
                }
                return write(lease, parent, Descriptor.newBuilder().setMediaType(MediaTypes.OCI_LAYER)
                        .setDigest(diff.getDigest()).setSize(diff.getSize()).build(), step);
            } finally {
                removeSnapshot(view);
                snapshots.deleteLease(lease);
            }
        });
    }

    @Override
    public String addLayer(String parentImageId, InputStream layerTar, Step step) {
        return call("add a layer", () -> {
            Parent parent = parent(parentImageId);
            String lease = snapshots.createLease("layer");
            try {
                Blob blob;
                try {
                    blob = content.write(lease, layerTar, -1, Map.of(), null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return write(lease, parent, Descriptor.newBuilder().setMediaType(MediaTypes.OCI_LAYER)
                        .setDigest(blob.digest()).setSize(blob.size()).build(), step);
            } finally {
                snapshots.deleteLease(lease);
            }
        });
    }

    @Override
    public String changeConfig(String parentImageId, Step step) {
        return call("change an image config", () -> {
            Parent parent = parent(parentImageId);
            String lease = snapshots.createLease("config");
            try {
                return write(lease, parent, null, step);
            } finally {
                snapshots.deleteLease(lease);
            }
        });
    }

    @Override
    public InputStream exportRootfs(String imageId) {
        return call("export image " + imageId, () -> {
            Parent image = parent(imageId);
            if (image.diffIds().isEmpty()) {
                return new java.io.ByteArrayInputStream(new byte[1024]); // an empty tar
            }
            String lease = snapshots.createLease("export");
            String view = "linnet-export-view-" + UUID.randomUUID();
            boolean handedOver = false;
            try {
                List<String> chains = Digests.chainIds(image.diffIds());
                List<Mount> mounts = Leases.under(lease, containerd.blocking(SnapshotsGrpc::newBlockingStub))
                        .view(ViewSnapshotRequest.newBuilder().setSnapshotter(Snapshots.SNAPSHOTTER).setKey(view)
                                .setParent(chains.get(chains.size() - 1)).build()).getMountsList();
                // Against nothing, the Diff service writes the whole tree: no mount in the daemon.
                Descriptor tree = Leases.under(lease, containerd.async(DiffGrpc::newBlockingStub))
                        .withDeadlineAfter(30, TimeUnit.MINUTES)
                        .diff(DiffRequest.newBuilder().addAllRight(mounts).setMediaType(MediaTypes.OCI_LAYER)
                                .setRef("linnet-export-" + UUID.randomUUID()).build()).getDiff();
                removeSnapshot(view);
                InputStream in = content.open(tree.getDigest());
                handedOver = true;
                return new java.io.FilterInputStream(in) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            snapshots.deleteLease(lease);
                        }
                    }
                };
            } finally {
                if (!handedOver) {
                    removeSnapshot(view);
                    snapshots.deleteLease(lease);
                }
            }
        });
    }

    @Override
    public ImageConfig applyChanges(ImageConfig base, List<String> changes) {
        return ImageConfigJson.applyChanges(base, changes);
    }

    /** The parent's configuration with the new config, history entry and (when not null) layer. */
    private String write(String lease, Parent parent, Descriptor layer, Step step) {
        ObjectNode config = parent.config().deepCopy();
        String now = Instant.now().toString();
        if (!step.author().isEmpty()) {
            config.put("author", step.author());
        } else {
            config.remove("author");
        }
        if (!step.comment().isEmpty()) {
            config.put("comment", step.comment());
        } else {
            config.remove("comment");
        }
        config.set("config", ImageConfigJson.toJson(step.config()));
        config.remove("container_config");
        config.put("created", now);
        ArrayNode history = config.has("history") && config.get("history").isArray()
                ? (ArrayNode) config.get("history") : config.putArray("history");
        ObjectNode entry = ImageJson.MAPPER.createObjectNode();
        entry.put("created", now);
        if (!step.author().isEmpty()) {
            entry.put("author", step.author());
        }
        entry.put("created_by", step.createdBy());
        if (!step.comment().isEmpty()) {
            entry.put("comment", step.comment());
        }
        if (layer == null) {
            entry.put("empty_layer", true);
        }
        history.add(entry);
        List<Descriptor> layers = new ArrayList<>(parent.layers());
        List<String> diffIds = new ArrayList<>(parent.diffIds());
        if (layer != null) {
            layers.add(layer);
            diffIds.add(layer.getDigest());
        }
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(ids::add);
        Blob configBlob = content.write(lease, ImageJson.write(config), Map.of());
        Descriptor configDescriptor = Descriptor.newBuilder().setMediaType(MediaTypes.OCI_CONFIG)
                .setDigest(configBlob.digest()).setSize(configBlob.size()).build();
        Descriptor target = writer.commit(lease, configDescriptor, layers, diffIds, null);
        names.keep(configBlob.digest(), target);
        labelParent(target, parent.id());
        LOG.info("image {} made: {}", configBlob.digest(), step.createdBy());
        return configBlob.digest();
    }

    /**
     * Records the parent image on the new image's dangling record, so the image list can hide
     * intermediate images (untagged parents of other images) as dockerd does without {@code -a}.
     */
    private void labelParent(Descriptor target, String parentId) {
        if (parentId.isEmpty()) {
            return;
        }
        try {
            catalog.written(containerd.blocking(io.linnet.containerd.proto.images.ImagesGrpc::newBlockingStub).update(
                    io.linnet.containerd.proto.images.UpdateImageRequest.newBuilder()
                            .setImage(io.linnet.containerd.proto.images.Image.newBuilder()
                                    .setName(ImageCatalog.danglingName(target.getDigest())).setTarget(target)
                                    .putLabels(ImageCatalog.PARENT_LABEL, parentId))
                            .setUpdateMask(com.google.protobuf.FieldMask.newBuilder()
                                    .addPaths("labels." + ImageCatalog.PARENT_LABEL)).build()).getImage());
        } catch (StatusRuntimeException e) {
            LOG.debug("image {}: parent not recorded: {}", target.getDigest(), e.getStatus());
        }
    }

    private void removeSnapshot(String key) {
        try {
            containerd.blocking(SnapshotsGrpc::newBlockingStub).remove(RemoveSnapshotRequest.newBuilder()
                    .setSnapshotter(Snapshots.SNAPSHOTTER).setKey(key).build());
        } catch (StatusRuntimeException e) {
            LOG.debug("snapshot {} not removed: {}", key, e.getStatus());
        }
    }

    private <T> T call(String what, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (EngineException | UncheckedIOException e) {
            throw e;
        } catch (StatusRuntimeException e) {
            LOG.warn("{} failed: {}", what, e.getStatus());
            throw GrpcErrors.toEngineException(e, containerd.address());
        }
    }
}
