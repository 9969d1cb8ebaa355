package io.linnet.containerd.container;

import io.grpc.StatusRuntimeException;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.proto.containers.ContainersGrpc;
import io.linnet.containerd.proto.containers.GetContainerRequest;
import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker's container events, as moby's LogContainerEventWithAttributes makes them: the actor is
 * the container ID, its attributes the container's labels, {@code image} (as the user named it)
 * and {@code name} (without '/'), plus the action's own (exitCode, signal, …). Nothing is looked
 * up while no event service runs.
 */
final class ContainerEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerEvents.class);
    private final ContainerdConnection containerd;
    private final Supplier<EventService> service;
    /** The view's record of a container (its labels are all an event needs), or null. */
    private final Function<String, io.linnet.containerd.proto.containers.Container> viewed;

    ContainerEvents(ContainerdConnection containerd, Supplier<EventService> service,
            Function<String, io.linnet.containerd.proto.containers.Container> viewed) {
        this.containerd = containerd;
        this.service = service;
        this.viewed = viewed;
    }

    void publish(String id, String action) {
        publish(id, action, Map.of());
    }

    /** An event about a container that still exists. */
    void publish(String id, String action, Map<String, String> extra) {
        if (service.get() == null) {
            return;
        }
        publishWith(id, action, attributes(id), extra);
    }

    /** The attributes of a container about to go (for its destroy event); null when none is wanted. */
    Map<String, String> attributes(String id) {
        if (service.get() == null) {
            return null;
        }
        var record = viewed.apply(id);
        if (record != null) {
            return attributes(record);
        }
        try { // not in the view (yet): containerd's record
            return attributes(containerd.blocking(ContainersGrpc::newBlockingStub)
                    .get(GetContainerRequest.newBuilder().setId(id).build()).getContainer());
        } catch (StatusRuntimeException e) {
            return null;
        }
    }

    /** An event whose attributes were taken before (a destroyed container's). */
    void publishWith(String id, String action, Map<String, String> attributes, Map<String, String> extra) {
        EventService events = service.get();
        if (events == null || attributes == null) {
            return;
        }
        Map<String, String> all = new HashMap<>(attributes);
        all.putAll(extra);
        try {
            events.publish(Event.now("container", action, id, all));
        } catch (RuntimeException e) {
            LOG.warn("container {}: could not publish its {} event: {}", id, action, e.toString());
        }
    }

    /** oom (when the kernel killed it) and die with exitCode and execDuration (whole seconds run). */
    void died(io.linnet.containerd.proto.containers.Container record, boolean oom, int code, Instant startedAt,
            Instant exitedAt) {
        if (service.get() == null) {
            return;
        }
        Map<String, String> attributes = attributes(record);
        if (oom) {
            publishWith(record.getId(), "oom", attributes, Map.of());
        }
        long seconds = startedAt == null || exitedAt == null ? 0
                : Math.max(0, Duration.between(startedAt, exitedAt).getSeconds());
        publishWith(record.getId(), "die", attributes, Map.of("exitCode", String.valueOf(code),
                "execDuration", String.valueOf(seconds)));
    }

    /** A volume event per volume of a starting container, as moby's setupMounts logs them. */
    void volumesMounted(String id, java.util.List<io.linnet.engine.api.container.MountPoint> mounts) {
        for (var m : mounts) {
            if (m.type().equals(io.linnet.engine.api.container.MountPoint.VOLUME)) {
                publishVolume(m.name(), "mount", Map.of("driver", m.driver(), "container", id,
                        "destination", m.destination(), "read/write", String.valueOf(m.rw()),
                        "propagation", m.propagation()));
            }
        }
    }

    /** And per volume of a container that stopped (moby's UnmountVolumes). */
    void volumesUnmounted(String id, java.util.List<io.linnet.engine.api.container.MountPoint> mounts) {
        for (var m : mounts) {
            if (m.type().equals(io.linnet.engine.api.container.MountPoint.VOLUME)) {
                publishVolume(m.name(), "unmount", Map.of("driver", m.driver(), "container", id));
            }
        }
    }

    private void publishVolume(String name, String action, Map<String, String> attributes) {
        EventService events = service.get();
        if (events == null) {
            return;
        }
        try {
            events.publish(Event.now("volume", action, name, attributes));
        } catch (RuntimeException e) {
            LOG.warn("volume {}: could not publish its {} event: {}", name, action, e.toString());
        }
    }

    static Map<String, String> attributes(io.linnet.containerd.proto.containers.Container record) {
        Map<String, String> attributes = new HashMap<>(ContainerRecords.userLabels(record));
        String image = record.getLabelsMap().get(ContainerRecords.IMAGE);
        if (image != null && !image.isEmpty()) {
            attributes.put("image", image);
        }
        String name = record.getLabelsMap().getOrDefault(ContainerRecords.NAME, "");
        attributes.put("name", name.startsWith("/") ? name.substring(1) : name);
        return attributes;
    }
}
