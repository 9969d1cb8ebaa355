package io.linnet.engine.api.event;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Docker event, as {@code GET /events} shows it.
 *
 * @param type       container, image, volume, network, daemon, plugin, node, service, secret, config
 * @param action     create, start, die, destroy, pull, tag, mount, connect, … (exec actions carry
 *                   their command after a colon, as dockerd: {@code exec_start: sh -c true})
 * @param actorId    the object's ID (a container ID, image ID or reference, volume name, network ID)
 * @param attributes Actor.Attributes (name, image, exitCode, signal, the container's labels, …)
 * @param scope      {@code local} (or {@code swarm})
 * @param timeNano   Unix nanoseconds
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes, String scope,
                    long timeNano) {

    public Event {
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
    }

    /** A local event happening now. */
    public static Event now(String type, String action, String actorId, Map<String, String> attributes) {
        Instant now = Instant.now();
        return new Event(type, action, actorId, attributes, "local",
                now.getEpochSecond() * 1_000_000_000L + now.getNano());
    }

    /** Attributes sorted by key, as dockerd prints them. */
    public Map<String, String> sortedAttributes() {
        return new TreeMap<>(attributes);
    }
}
