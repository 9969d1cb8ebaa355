package io.linnet.containerd.container;

import com.google.protobuf.Timestamp;

import io.linnet.engine.api.container.MountPoint;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The daemon's in-memory view of its containers' records, as dockerd's memdb: built from
 * containerd at start, kept current by the daemon's own writes and containerd's container events,
 * and rebuilt whenever events may have been missed. containerd stays the only store of record.
 * Lookups by ID, name and ID prefix, and the containers using a volume or an image, cost the same
 * whatever the number of containers; records are kept without their OCI spec, which only an update
 * reads (from containerd).
 */
final class ContainerView {

    /** IDs of removed containers, so that a late event's record cannot bring one back. */
    private static final int REMEMBERED_REMOVALS = 4096;

    private final Map<String, io.linnet.containerd.proto.containers.Container> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByName = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<String> ids = new ConcurrentSkipListSet<>();
    /** Container IDs by the named volumes they mount, and by their image ID. */
    private final ReverseIndex byVolume = new ReverseIndex();
    private final ReverseIndex byImage = new ReverseIndex();
    /** IDs of the containers whose legacy links name a container, by its ID. */
    private final ReverseIndex byLinked = new ReverseIndex();
    private final Map<String, Boolean> removed = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_REMOVALS;
        }
    };

    /** Takes a record as containerd gave it; an older one than the view holds is ignored. */
    synchronized void put(io.linnet.containerd.proto.containers.Container record) {
        String id = record.getId();
        if (removed.containsKey(id)) {
            return;
        }
        var held = byId.get(id);
        if (held != null && newer(held.getUpdatedAt(), record.getUpdatedAt())) {
            return;
        }
        var slim = record.hasSpec() ? record.toBuilder().clearSpec().build() : record;
        byId.put(id, slim);
        ids.add(id);
        String oldName = held == null ? null : held.getLabelsMap().get(ContainerRecords.NAME);
        String name = slim.getLabelsMap().get(ContainerRecords.NAME);
        if (oldName != null && !oldName.equals(name)) {
            idByName.remove(oldName, id);
        }
        if (name != null) {
            idByName.put(name, id);
        }
        byVolume.replace(id, held == null ? Set.of() : volumes(held), volumes(slim));
        byImage.replace(id, held == null ? Set.of() : image(held), image(slim));
        byLinked.replace(id, held == null ? Set.of() : linked(held), linked(slim));
    }

    synchronized void remove(String id) {
        removed.put(id, Boolean.TRUE);
        var held = byId.remove(id);
        ids.remove(id);
        if (held != null) {
            String name = held.getLabelsMap().get(ContainerRecords.NAME);
            if (name != null) {
                idByName.remove(name, id);
            }
            byVolume.replace(id, volumes(held), Set.of());
            byImage.replace(id, image(held), Set.of());
            byLinked.replace(id, linked(held), Set.of());
        }
    }

    /**
     * Brings the view in line with what containerd listed, a listing that began at {@code listedSince}
     * (seconds since the epoch): a record the view holds that the listing lacks is dropped, unless it
     * was made after the listing began.
     */
    synchronized void reconcile(List<io.linnet.containerd.proto.containers.Container> records, long listedSince) {
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (var r : records) {
            listed.add(r.getId());
            put(r);
        }
        for (var held : List.copyOf(byId.values())) {
            if (!listed.contains(held.getId()) && held.getCreatedAt().getSeconds() < listedSince) {
                remove(held.getId());
            }
        }
    }

    io.linnet.containerd.proto.containers.Container byId(String id) {
        return byId.get(id);
    }

    /** @param name with its leading '/' */
    io.linnet.containerd.proto.containers.Container byName(String name) {
        String id = idByName.get(name);
        return id == null ? null : byId.get(id);
    }

    /** The IDs starting with {@code prefix}, at most {@code limit} of them. */
    List<String> withPrefix(String prefix, int limit) {
        return ids.tailSet(prefix).stream().takeWhile(id -> id.startsWith(prefix)).limit(limit).toList();
    }

    /** IDs of the containers that mount the named volume. */
    Set<String> usingVolume(String volumeName) {
        return byVolume.get(volumeName);
    }

    /** Whether a container was made from the image. */
    boolean usesImage(String imageId) {
        return !byImage.get(imageId).isEmpty();
    }

    /** IDs of the containers with a legacy link to the container. */
    Set<String> linking(String id) {
        return byLinked.get(id);
    }

    Collection<io.linnet.containerd.proto.containers.Container> all() {
        return byId.values();
    }

    private static Set<String> volumes(io.linnet.containerd.proto.containers.Container c) {
        List<MountPoint> mounts;
        try {
            mounts = StoredMounts.of(c);
        } catch (java.io.UncheckedIOException unreadable) {
            return Set.of(); // as the listing scan did: such a record holds no volume
        }
        Set<String> out = new HashSet<>();
        for (MountPoint m : mounts) {
            if (MountPoint.VOLUME.equals(m.type()) && m.name() != null) {
                out.add(m.name());
            }
        }
        return out;
    }

    private static Set<String> image(io.linnet.containerd.proto.containers.Container c) {
        String id = c.getLabelsMap().get(ContainerRecords.IMAGE_ID);
        return id == null ? Set.of() : Set.of(id);
    }

    private static Set<String> linked(io.linnet.containerd.proto.containers.Container c) {
        return c.getLabelsMap().containsKey(LegacyLinks.LABEL) ? Set.copyOf(LegacyLinks.of(c).values()) : Set.of();
    }

    private static boolean newer(Timestamp held, Timestamp offered) {
        return held.getSeconds() > offered.getSeconds()
                || held.getSeconds() == offered.getSeconds() && held.getNanos() > offered.getNanos();
    }
}
