package io.linnet.containerd.image;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.proto.images.CreateImageRequest;
import io.linnet.containerd.proto.images.DeleteImageRequest;
import io.linnet.containerd.proto.images.Image;
import io.linnet.containerd.proto.images.ImagesGrpc;
import io.linnet.containerd.proto.images.UpdateImageRequest;
import io.linnet.containerd.proto.types.Descriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Image records as names: pointing a name at an image (the image it named before keeps a dangling
 * record when it has no name left), keeping untagged images alive, deleting names.
 */
final class ImageNames {

    private static final Logger LOG = LoggerFactory.getLogger(ImageNames.class);
    /** Record label: when `docker tag` last set this name (dockerd's Metadata.LastTagTime). */
    static final String LAST_TAG_TIME = "io.linnet.image.last-tag-time";

    private final ContainerdConnection containerd;
    private final ImageCatalog catalog;

    ImageNames(ContainerdConnection containerd, ImageCatalog catalog) {
        this.containerd = containerd;
        this.catalog = catalog;
    }

    /** Points the record {@code name} (a full reference) at {@code target}; the image is {@code id}. */
    synchronized void point(String name, Descriptor target, String id) {
        Optional<Image> existing = catalog.record(name);
        if (existing.isEmpty()) {
            create(name, target);
        } else if (!existing.get().getTarget().getDigest().equals(target.getDigest())) {
            Optional<String> previousId = catalog.imageId(existing.get()).filter(previous -> !previous.equals(id));
            // The image that loses this name stays, untagged (dockerd's "<none>"): its dangling record
            // is made first, or containerd's garbage collector could take it in between.
            previousId.ifPresent(previous -> keepDangling(existing.get().getTarget()));
            catalog.written(containerd.blocking(ImagesGrpc::newBlockingStub).update(UpdateImageRequest.newBuilder()
                    .setImage(Image.newBuilder().setName(name).setTarget(target))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("target")).build()).getImage());
            LOG.info("image name {} moved to {}", name, id);
            previousId.ifPresent(this::dropDangling); // still named elsewhere: no dangling record needed
        }
        dropDangling(id);
    }

    /**
     * Runs a removal with no name pointed meanwhile (point, keep and this share one lock), so what
     * it decides from the view (untag only, or delete the image and every record of it) still holds
     * when it deletes: a tag made during an rmi is never taken along.
     */
    synchronized <T> T exclusively(java.util.function.Supplier<T> removal) {
        return removal.get();
    }

    /** Records that a user tagged the name now. */
    void markTagged(String name, java.time.Instant when) {
        catalog.written(containerd.blocking(ImagesGrpc::newBlockingStub).update(UpdateImageRequest.newBuilder()
                .setImage(Image.newBuilder().setName(name).putLabels(LAST_TAG_TIME, when.toString()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels." + LAST_TAG_TIME)).build()).getImage());
    }

    /** An image without name keeps a dangling record, unless some record already points at it. */
    synchronized void keep(String id, Descriptor target) {
        boolean referenced = catalog.records().stream()
                .anyMatch(r -> catalog.imageId(r).map(id::equals).orElse(false));
        if (!referenced) {
            create(ImageCatalog.danglingName(target.getDigest()), target);
        }
    }

    /** Makes the dangling record of an image now, whatever names it still has (they are about to go). */
    synchronized void keepDangling(Descriptor target) {
        create(ImageCatalog.danglingName(target.getDigest()), target);
    }

    /** Deletes the dangling records of an image that has a name now. */
    void dropDangling(String id) {
        List<Image> records = catalog.records();
        boolean named = records.stream().anyMatch(r -> !ImageCatalog.isDangling(r.getName())
                && catalog.imageId(r).map(id::equals).orElse(false));
        if (!named) {
            return;
        }
        for (Image r : records) {
            if (ImageCatalog.isDangling(r.getName()) && catalog.imageId(r).map(id::equals).orElse(false)) {
                delete(r.getName(), false);
            }
        }
    }

    void delete(String name, boolean sync) {
        try {
            containerd.blocking(ImagesGrpc::newBlockingStub)
                    .delete(DeleteImageRequest.newBuilder().setName(name).setSync(sync).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
        catalog.deleted(name);
    }

    private void create(String name, Descriptor target) {
        try {
            catalog.written(containerd.blocking(ImagesGrpc::newBlockingStub).create(CreateImageRequest.newBuilder()
                    .setImage(Image.newBuilder().setName(name).setTarget(target)).build()).getImage());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                throw e;
            }
            catalog.written(containerd.blocking(ImagesGrpc::newBlockingStub).update(UpdateImageRequest.newBuilder()
                    .setImage(Image.newBuilder().setName(name).setTarget(target))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("target")).build()).getImage());
        }
    }
}
