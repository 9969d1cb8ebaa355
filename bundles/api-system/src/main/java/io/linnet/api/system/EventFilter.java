package io.linnet.api.system;

import io.linnet.api.model.Filters;
import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.image.ImageReference;
import java.util.Set;
import java.util.function.Predicate;

/**
 * moby's daemon/events Filter: which events a {@code GET /events} client asked for. Names and IDs
 * of containers, volumes, networks and daemons match by prefix; images also by their name
 * without tag; labels against the actor's attributes.
 */
final class EventFilter implements Predicate<Event> {
    private static final Set<String> FUZZY_EVENTS = Set.of("health_status", "exec_create", "exec_start");
    private final Filters filters;

    EventFilter(Filters filters) {
        this.filters = filters;
    }

    @Override
    public boolean test(Event e) {
        return matchEvent(e)
                && exact("type", e.type())
                && (!filters.has("scope") || exact("scope", e.scope()))
                && fuzzyName(e, "daemon")
                && fuzzyName(e, "container")
                && fuzzyName(e, "plugin")
                && fuzzyName(e, "volume")
                && fuzzyName(e, "network")
                && matchImage(e)
                && fuzzyName(e, "node")
                && fuzzyName(e, "service")
                && fuzzyName(e, "secret")
                && fuzzyName(e, "config")
                && filters.matchesLabels("label", e.attributes());
    }

    /** "exec_start" also matches "exec_start: sh -c true" (moby #25798). */
    private boolean matchEvent(Event e) {
        if (filters.get("event").stream().anyMatch(FUZZY_EVENTS::contains)) {
            return fuzzy("event", e.action());
        }
        return exact("event", e.action());
    }

    /**
     * As moby: the actor's ID or name starts with a wanted value, whatever the event's type (so
     * {@code container=web} keeps no image events, unless an image's ID starts with "web").
     */
    private boolean fuzzyName(Event e, String type) {
        return fuzzy(type, e.actorId()) || fuzzy(type, e.attributes().get("name"));
    }

    private boolean matchImage(Event e) {
        if (!filters.has("image")) {
            return true;
        }
        String id = e.actorId();
        String name = e.attributes().get("image".equals(e.type()) ? "name" : "image");
        return exact("image", id) || exact("image", name) || exact("image", stripTag(id))
                || exact("image", stripTag(name));
    }

    /** reference.FamiliarName of a parseable reference, else the text itself. */
    static String stripTag(String image) {
        if (image == null) {
            return null;
        }
        try {
            return ImageReference.parse(image).familiarRepository();
        } catch (RuntimeException notAReference) {
            return image;
        }
    }

    private boolean exact(String key, String value) {
        Set<String> wanted = filters.get(key);
        return wanted.isEmpty() || value != null && wanted.contains(value);
    }

    private boolean fuzzy(String key, String value) {
        Set<String> wanted = filters.get(key);
        if (wanted.isEmpty()) {
            return true;
        }
        if (value == null) {
            return false;
        }
        for (String w : wanted) {
            if (value.startsWith(w)) {
                return true;
            }
        }
        return false;
    }
}
