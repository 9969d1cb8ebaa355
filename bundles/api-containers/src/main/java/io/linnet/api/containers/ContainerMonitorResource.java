package io.linnet.api.containers;

import io.linnet.api.model.QueryValues;
import io.linnet.api.model.Whiteboard;
import io.linnet.api.model.container.TopResponse;
import io.linnet.engine.api.ReplaceableService;
import io.linnet.engine.api.container.ContainerMonitor;
import io.linnet.engine.api.container.ContainerStats;
import io.linnet.engine.api.container.ContainerTop;
import io.linnet.http.stream.ChunkedStream;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import java.io.IOException;

/** {@code GET /containers/{id}/top} and {@code GET /containers/{id}/stats}. */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/containers")
@Produces(MediaType.APPLICATION_JSON)
public final class ContainerMonitorResource {

    private static final long INTERVAL_MILLIS = 1000;
    private final ContainerMonitor monitor;

    private final ReplaceableService<ContainerMonitor> monitorBinding = new ReplaceableService<>(ContainerMonitor.class);

    @Activate
    public ContainerMonitorResource() {
        this.monitor = monitorBinding.proxy();
    }

    /** Over the given services, as bound (tests). */
    public ContainerMonitorResource(ContainerMonitor monitor) {
        this();
        bindMonitor(monitor);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMonitor(ContainerMonitor service) {
        monitorBinding.bind(service);
    }

    void unbindMonitor(ContainerMonitor service) {
        monitorBinding.unbind(service);
    }

    /** Requests still running on this revision finish with the services they had. */
    @Deactivate
    void deactivate() {
        monitorBinding.retire();
    }

    @GET
    @Path("{id}/top")
    public TopResponse top(@PathParam("id") String id, @QueryParam("ps_args") String psArgs) {
        ContainerTop top = monitor.top(id, psArgs);
        return new TopResponse(top.processes(), top.titles());
    }

    /**
     * As dockerd: streamed, one object a second, each with the one before as precpu; {@code stream=false}
     * waits for a second sample so the CPU numbers mean something, unless {@code one-shot}; a container
     * that does not run answers its name and ID only.
     */
    @GET
    @Path("{id}/stats")
    public Response stats(@PathParam("id") String id, @QueryParam("stream") String stream,
            @QueryParam("one-shot") String oneShot, @Context ContainerRequestContext request) {
        boolean streaming = stream == null || stream.isEmpty() || QueryValues.bool(stream);
        ContainerStats first = monitor.stats(id); // 404 before any byte is out
        if (!streaming) {
            ContainerStats previous = null;
            ContainerStats sample = first;
            if (first.running() && !QueryValues.bool(oneShot)) {
                sleep();
                previous = first;
                sample = monitor.stats(first.id());
            }
            return Response.ok(bytes(StatsViews.json(sample, previous).toString()), MediaType.APPLICATION_JSON).build();
        }
        StreamingOutput body = ChunkedStream.of(request, sink -> {
            ContainerStats previous = null;
            ContainerStats sample = first;
            while (sink.send(bytes(StatsViews.json(sample, previous).toString()))) {
                sleep();
                previous = sample;
                try {
                    sample = monitor.stats(first.id());
                } catch (RuntimeException gone) {
                    break; // removed meanwhile
                }
            }
            sink.end();
        });
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    private static byte[] bytes(String json) {
        return (json + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void sleep() {
        try {
            Thread.sleep(INTERVAL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(new IOException("interrupted"));
        }
    }
}
