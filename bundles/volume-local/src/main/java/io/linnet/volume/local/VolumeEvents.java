package io.linnet.volume.local;

import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Docker's volume events: the actor is the volume's name, its attribute the driver. */
final class VolumeEvents {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeEvents.class);
    private final Supplier<EventService> service;

    VolumeEvents(Supplier<EventService> service) {
        this.service = service;
    }

    void publish(String name, String action) {
        send(Event.now("volume", action, name, Map.of("driver", io.linnet.engine.api.volume.VolumeService.LOCAL_DRIVER)));
    }

    /** After a prune, as dockerd: the bytes freed, no actor. */
    void pruned(long reclaimed) {
        send(Event.now("volume", "prune", "", Map.of("reclaimed", String.valueOf(reclaimed))));
    }

    private void send(Event event) {
        EventService events = service.get();
        if (events == null) {
            return;
        }
        try {
            events.publish(event);
        } catch (RuntimeException e) {
            LOG.warn("volume {}: could not publish its {} event: {}", event.actorId(), event.action(), e.toString());
        }
    }
}
