package io.linnet.network.cni;

import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Docker's network events (create, destroy, connect, disconnect), when an event service is there. */
final class NetworkEvents {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkEvents.class);

    /** The service comes and goes (an optional dynamic reference): asked for at each event. */
    private final Supplier<EventService> service;

    NetworkEvents(Supplier<EventService> service) {
        this.service = service;
    }

    /** @param containerId the container connected or disconnected; null for create and destroy */
    void publish(NetworkDef def, String action, String containerId) {
        EventService events = service.get();
        if (events == null) {
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("name", def.name());
        attributes.put("type", def.driver());
        if (containerId != null) {
            attributes.put("container", containerId);
        }
        try {
            events.publish(Event.now("network", action, def.id(), attributes));
        } catch (RuntimeException e) {
            LOG.debug("network event {} not published: {}", action, e.toString());
        }
    }
}
