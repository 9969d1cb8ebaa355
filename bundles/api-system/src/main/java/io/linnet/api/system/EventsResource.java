package io.linnet.api.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.Filters;
import io.linnet.api.model.Whiteboard;
import io.linnet.api.model.system.EventMessage;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.ReplaceableService;
import io.linnet.engine.api.event.Event;
import io.linnet.engine.api.event.EventService;
import io.linnet.http.stream.ChunkedStream;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /events}: the kept events from {@code since}, then live ones until {@code until}
 * or until the client goes away, one JSON object per chunk as dockerd's encoder writes them.
 */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/events")
public final class EventsResource {
    static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();

    private final EventService events;

    private final ReplaceableService<EventService> eventsBinding = new ReplaceableService<>(EventService.class);

    @Activate
    public EventsResource() {
        this.events = eventsBinding.proxy();
    }

    /** Over the given services, as bound (tests). */
    public EventsResource(EventService events) {
        this();
        bindEvents(events);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEvents(EventService service) {
        eventsBinding.bind(service);
    }

    void unbindEvents(EventService service) {
        eventsBinding.unbind(service);
    }

    /** Requests still running on this revision finish with the services they had. */
    @Deactivate
    void deactivate() {
        eventsBinding.retire();
    }

    @GET
    public Response events(@QueryParam("since") String since, @QueryParam("until") String until,
            @QueryParam("filters") String filters, @Context ContainerRequestContext request) {
        Instant now = Instant.now();
        long sinceNanos = EventTimes.nanos(since, now);
        long untilNanos = EventTimes.nanos(until, now);
        EventTimes.check(since, sinceNanos, until, untilNanos);
        EventFilter filter = new EventFilter(parse(filters));
        return Response.ok(ChunkedStream.of(request, sink -> {
            // the response head goes out now, as dockerd flushes it at once
            sink.commit();
            EventService.Subscription subscription = events.subscribe(sinceNanos,
                    untilNanos == EventTimes.NONE ? 0 : Math.max(untilNanos, 1), filter,
                    e -> sink.send(json(e)));
            sink.onClose(subscription::close);
            subscription.done().thenRun(sink::end);
        }), MediaType.APPLICATION_JSON).build();
    }

    private static Filters parse(String json) {
        try {
            return Filters.parse(json, text -> JSON.readValue(text, Object.class));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(e.getMessage());
        }
    }

    /** moby's events.Log: the deprecated fields only for containers and images. */
    static EventMessage message(Event e) {
        boolean legacy = "container".equals(e.type()) || "image".equals(e.type());
        String from = "container".equals(e.type()) ? e.attributes().get("image") : null;
        return new EventMessage(legacy ? e.action() : null, legacy ? e.actorId() : null, from, e.type(), e.action(),
                new EventMessage.Actor(e.actorId(), new TreeMap<>(e.attributes())), e.scope(),
                Math.floorDiv(e.timeNano(), 1_000_000_000L), e.timeNano());
    }

    static byte[] json(Event e) {
        try {
            byte[] body = JSON.writeValueAsBytes(message(e));
            byte[] line = new byte[body.length + 1];
            System.arraycopy(body, 0, line, 0, body.length);
            line[body.length] = '\n';
            return line;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
