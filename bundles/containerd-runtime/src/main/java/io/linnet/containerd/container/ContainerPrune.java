package io.linnet.containerd.container;

import io.linnet.engine.api.EngineException;
import io.linnet.engine.api.PruneFilter;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * docker container prune, as moby's {@code ContainersPrune}: every container that does not run (nor
 * restarts, nor is being removed) and that the filter accepts is removed; the space reclaimed is
 * the writable layers' bytes; one {@code prune} event with {@code reclaimed} ends it.
 */
final class ContainerPrune {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerPrune.class);
    private static final Set<String> KEPT = Set.of("restarting", "removing");
    private final ContainerService containers;
    private final Supplier<EventService> events;

    ContainerPrune(ContainerService containers, Supplier<EventService> events) {
        this.containers = containers;
        this.events = events;
    }

    ContainerService.PruneReport prune(PruneFilter filter) {
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Container c : containers.list()) {
            if (c.state().running() || KEPT.contains(c.state().status()) || !filter.accepts(c.created(), c.labels())) {
                continue;
            }
            try {
                long size = containers.size(c.id()).rw();
                containers.remove(c.id(), false);
                deleted.add(c.id());
                reclaimed += size;
            } catch (EngineException e) {
                // started or removed meanwhile: as dockerd, prune goes on with the others
                LOG.debug("container {}: not pruned: {}", c.id(), e.getMessage());
            }
        }
        publish(reclaimed);
        return new ContainerService.PruneReport(deleted, reclaimed);
    }

    private void publish(long reclaimed) {
        EventService service = events.get();
        if (service != null) {
            service.publish(Event.now("container", "prune", "", Map.of("reclaimed", Long.toString(reclaimed))));
        }
    }
}
