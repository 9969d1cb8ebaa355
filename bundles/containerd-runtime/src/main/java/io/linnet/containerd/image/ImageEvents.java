package io.linnet.containerd.image;

import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import io.linnet.engine.api.image.ImageDeleteResult;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.image.ImageService;
import io.linnet.engine.api.image.ImportRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker's image events, as moby's LogImageEvent makes them: the actor is the image ID (a
 * reference for pull and push), the attributes the image's labels and {@code name} (the new tag
 * for tag, else the actor itself, as dockerd 20–24 write it). Nothing is looked up while no
 * event service runs.
 */
final class ImageEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ImageEvents.class);
    private final ImageCatalog catalog;
    private final Supplier<EventService> service;

    ImageEvents(ImageCatalog catalog, Supplier<EventService> service) {
        this.catalog = catalog;
        this.service = service;
    }

    void publish(String actorId, String name, String action) {
        EventService events = service.get();
        if (events == null) {
            return;
        }
        Map<String, String> attributes = new HashMap<>();
        try {
            Map<String, String> labels = catalog.resolve(actorId).entry().config().config().labels();
            if (labels != null) {
                attributes.putAll(labels);
            }
        } catch (RuntimeException gone) {
            // deleted (or never there): no labels, as dockerd
        }
        attributes.put("name", name);
        try {
            events.publish(Event.now("image", action, actorId, attributes));
        } catch (RuntimeException e) {
            LOG.warn("image {}: could not publish its {} event: {}", actorId, action, e.toString());
        }
    }

    /** The image ID a name stands for before it goes; null when no event is wanted or it is unknown. */
    String idOf(String nameOrId) {
        if (service.get() == null) {
            return null;
        }
        try {
            return catalog.resolve(nameOrId).entry().id();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** rmi: an untag per removed name, then delete when the image went. */
    List<ImageDeleteResult> removed(String id, List<ImageDeleteResult> results) {
        if (id != null) {
            published(id, results);
        }
        return results;
    }

    /** prune: each image's untags and its delete, then the prune with the bytes freed. */
    ImageService.PruneReport pruned(ImageService.PruneReport report) {
        if (service.get() == null) {
            return report;
        }
        List<ImageDeleteResult> pending = new ArrayList<>();
        for (ImageDeleteResult r : report.deleted()) {
            pending.add(r);
            if (r.deleted() != null) {
                published(r.deleted(), pending);
                pending.clear();
            }
        }
        EventService events = service.get();
        if (events != null) {
            events.publish(Event.now("image", "prune", "",
                    Map.of("reclaimed", String.valueOf(report.spaceReclaimed()))));
        }
        return report;
    }

    private void published(String id, List<ImageDeleteResult> results) {
        for (ImageDeleteResult r : results) {
            if (r.untagged() != null) {
                publish(id, id, "untag");
            } else if (r.deleted() != null) {
                publish(r.deleted(), r.deleted(), "delete");
            }
        }
    }

    List<ImageService.LoadedImage> loaded(List<ImageService.LoadedImage> images) {
        for (ImageService.LoadedImage image : images) {
            if (image.id() != null) {
                publish(image.id(), image.id(), "load");
            }
        }
        return images;
    }

    /** import: the tag it was given, then import. */
    String imported(ImportRequest request, String id) {
        ImageReference ref = request.reference();
        if (ref != null) {
            publish(id, ref.withDefaultTag().familiar(), "tag");
        }
        publish(id, id, "import");
        return id;
    }

    /** save: one event per image written. */
    void saved(List<String> namesOrIds) {
        if (service.get() == null) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String n : namesOrIds) {
            String id = idOf(n);
            if (id != null) {
                ids.add(id);
            }
        }
        ids.forEach(id -> publish(id, id, "save"));
    }

    /** pull and push: the actor is the reference, as the user gave it. */
    void transferred(ImageReference reference, String action) {
        publish(reference.familiar(), reference.familiar(), action);
    }
}
