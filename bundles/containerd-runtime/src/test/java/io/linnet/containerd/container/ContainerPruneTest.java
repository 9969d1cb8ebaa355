package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linnet.engine.api.PruneFilter;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import io.linnet.engine.testing.FakeContainerService;
import io.linnet.engine.testing.FakeImageService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Container prune over the engine's container service: which containers go, the space, the event. */
class ContainerPruneTest {
    private final List<Event> published = new ArrayList<>();
    private FakeContainerService containers;
    private ContainerPrune prune;

    @BeforeEach
    void containers() {
        FakeImageService images = new FakeImageService();
        images.add("busybox", 100);
        containers = new FakeContainerService(images);
        prune = new ContainerPrune(containers, () -> new Recording());
    }

    @Test
    void stoppedContainersGoWithTheirWritableLayersAndOneEvent() {
        Container stopped = containers.add("stopped", "busybox");
        containers.setSize(stopped.id(), 1234, 5000);
        Container other = containers.add("other", "busybox");
        containers.setSize(other.id(), 10, 5000);
        containers.start(containers.add("running", "busybox").id());

        ContainerService.PruneReport report = prune.prune(PruneFilter.NONE);

        assertEquals(Set.of(other.id(), stopped.id()), Set.copyOf(report.deleted()));
        assertEquals(1244, report.spaceReclaimed());
        assertEquals(List.of("/running"), containers.list().stream().map(Container::name).toList());
        assertEquals(1, published.size());
        Event event = published.get(0);
        assertEquals("container", event.type());
        assertEquals("prune", event.action());
        assertEquals("", event.actorId());
        assertEquals(Map.of("reclaimed", "1244"), event.attributes());
    }

    @Test
    void theFilterChoosesAmongTheStoppedOnes() {
        Container first = containers.add("first", "busybox");
        Container second = containers.add("second", "busybox");

        ContainerService.PruneReport report = prune.prune(
                new PruneFilter(List.of(second.created()), List.of(), List.of()));

        assertEquals(List.of(first.id()), report.deleted());
        assertEquals(List.of("/second"), containers.list().stream().map(Container::name).toList());
        assertEquals(Map.of("reclaimed", "0"), published.get(0).attributes());
    }

    @Test
    void nothingToPruneStillSaysSo() {
        containers.start(containers.add("running", "busybox").id());
        ContainerService.PruneReport report = prune.prune(new PruneFilter(List.of(Instant.EPOCH), List.of(), List.of()));
        assertEquals(List.of(), report.deleted());
        assertEquals(0, report.spaceReclaimed());
        assertEquals(1, published.size());
    }

    /** Keeps what is published; nobody subscribes here. */
    private final class Recording implements EventService {
        @Override
        public void publish(Event event) {
            published.add(event);
        }

        @Override
        public Subscription subscribe(long sinceNanos, long untilNanos, Predicate<Event> filter, Sink sink) {
            throw new UnsupportedOperationException();
        }
    }
}
