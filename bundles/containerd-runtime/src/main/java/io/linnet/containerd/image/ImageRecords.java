package io.linnet.containerd.image;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.client.EventSubscription;
import io.linnet.containerd.proto.events.Envelope;
import io.linnet.containerd.proto.events.SubscribeRequest;
import io.linnet.containerd.proto.images.GetImageRequest;
import io.linnet.containerd.proto.images.Image;
import io.linnet.containerd.proto.images.ImageDelete;
import io.linnet.containerd.proto.images.ImagesGrpc;
import io.linnet.containerd.proto.images.ListImagesRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's in-memory view of containerd's image records (by name, in containerd's order), shared
 * by the bundle's image and container services so that resolving an image name or ID costs no
 * containerd call. Built from Images.List at start, kept current by the daemon's own writes (at
 * once, see {@link #written}) and containerd's image events (for writers such as {@code ctr}), and
 * built again when the event stream broke. containerd stays the only store of record.
 */
@Component(service = ImageRecords.class)
public final class ImageRecords implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImageRecords.class);
    private static final int REMEMBERED_CHANGES = 4096;
    private static final String TYPE_PREFIX = "containerd.services.images.v1.";

    private final ContainerdConnection containerd;
    private final ConcurrentSkipListMap<String, Image> byName = new ConcurrentSkipListMap<>();
    /** Changes with every change of the view: callers cache what they derive from it by this. */
    private final AtomicLong version = new AtomicLong();
    /** The version of the daemon's last own write or delete of a name (guarded by this); the oldest are forgotten. */
    private final Map<String, Long> changedAt = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_CHANGES;
        }
    };
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "containerd-image-events-retry");
        t.setDaemon(true);
        return t;
    });
    private final EventSubscription subscription;
    private volatile boolean closed;

    @Activate
    public ImageRecords(@Reference ContainerdConnection containerd) {
        this.containerd = containerd;
        this.subscription = new EventSubscription(containerd);
        subscribe();
        rebuild();
    }

    /** A view filled by hand, without containerd (tests). */
    ImageRecords(List<Image> records) {
        this.containerd = null;
        this.subscription = new EventSubscription(null);
        closed = true;
        records.forEach(this::written);
    }

    @Deactivate
    @Override
    public void close() {
        closed = true;
        subscription.close(); // first: a break reported meanwhile schedules no retry
        retry.shutdownNow();
    }

    /** Every record, in containerd's order (by name). */
    List<Image> all() {
        return List.copyOf(byName.values());
    }

    Optional<Image> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    long version() {
        return version.get();
    }

    /** A record as containerd answered the daemon's own write with: the view holds it at once. */
    synchronized void written(Image record) {
        byName.put(record.getName(), record);
        changedAt.put(record.getName(), version.incrementAndGet());
    }

    /** The daemon deleted the record. */
    synchronized void deleted(String name) {
        byName.remove(name);
        changedAt.put(name, version.incrementAndGet());
    }

    /**
     * What a read begun at {@code readSince} found (null: no record). An own write or delete of the
     * name since then is newer knowledge and wins; a later outside change brings another event.
     */
    private synchronized void seen(String name, Image record, long readSince) {
        Long changed = changedAt.get(name);
        if (changed != null && changed > readSince) {
            return;
        }
        if (record == null) {
            byName.remove(name);
        } else {
            byName.put(name, record);
        }
        version.incrementAndGet();
    }

    /** Reads one record again (an event named it). */
    void refresh(String name) {
        long since = version.get();
        try {
            seen(name, containerd.blocking(ImagesGrpc::newBlockingStub)
                    .get(GetImageRequest.newBuilder().setName(name).build()).getImage(), since);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                seen(name, null, since);
            } else {
                LOG.warn("image record {}: not read again after its event: {}", name, e.getStatus());
            }
        }
    }

    private void rebuild() {
        long since = version.get();
        List<Image> listed = containerd.blocking(ImagesGrpc::newBlockingStub)
                .list(ListImagesRequest.getDefaultInstance()).getImagesList();
        Set<String> names = new HashSet<>();
        for (Image record : listed) {
            names.add(record.getName());
            seen(record.getName(), record, since);
        }
        for (String name : List.copyOf(byName.keySet())) {
            if (!names.contains(name)) {
                seen(name, null, since);
            }
        }
    }

    private void subscribe() {
        if (closed) {
            return;
        }
        SubscribeRequest request = SubscribeRequest.newBuilder()
                .addFilters("namespace==" + containerd.namespace() + ",topic~=\"^/images/\"").build();
        subscription.open(request, this::handle, broken -> {
            LOG.warn("containerd image event stream broke ({}); resubscribing", broken.toString());
            retry.schedule(this::resubscribe, 500, TimeUnit.MILLISECONDS);
        });
    }

    /** Events in the gap were missed: subscribe, then read every record again. */
    private void resubscribe() {
        if (closed) {
            return;
        }
        try {
            subscribe();
            rebuild();
        } catch (RuntimeException e) {
            retry.schedule(this::resubscribe, 1, TimeUnit.SECONDS);
        }
    }

    private void handle(Envelope envelope) {
        String type = envelope.getEvent().getTypeUrl();
        if (!type.startsWith(TYPE_PREFIX)) {
            return;
        }
        try {
            // ImageCreate, ImageUpdate and ImageDelete all carry the name as field 1. Even a delete is
            // read again: the event may come after the daemon made the name anew.
            String name = ImageDelete.parseFrom(envelope.getEvent().getValue()).getName();
            retry.execute(() -> refresh(name)); // a Get: off the event stream's thread
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("unreadable {} event: {}", type, e.getMessage());
        }
    }

}
