package io.linnet.api.system;

import io.linnet.api.model.DirectRoute;
import io.linnet.api.model.Whiteboard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.linnet.engine.api.system.DaemonSettings;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code /_ping}: the first call of every client. Its headers drive API version negotiation and
 * builder choice, so it depends on nothing else and answers even while containerd is away.
 */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/_ping")
public final class PingResource {
    /** Only for Docker-Experimental; the ping answers without it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DaemonSettings settings;

    // made once: parsing it on every ping was 3 % of its CPU. The constructor, unlike valueOf, needs
    // no JAX-RS RuntimeDelegate, which is not found from SCR's thread when this class loads.
    private static final MediaType TEXT = new MediaType("text", "plain", "utf-8");

    @GET
    @DirectRoute
    public Response ping() {
        return headers(Response.ok("OK", TEXT)).build();
    }

    @HEAD
    @DirectRoute
    public Response pingHead() {
        return headers(Response.ok().type(TEXT).header("Content-Length", "0")).build();
    }

    private Response.ResponseBuilder headers(Response.ResponseBuilder r) {
        DaemonSettings daemon = settings;
        return r.header("Cache-Control", "no-cache, no-store, must-revalidate")
                .header("Pragma", "no-cache")
                .header("Docker-Experimental", Boolean.toString(daemon != null && daemon.experimental()))
                // 1 = the classic builder; BuildKit sessions are not offered.
                .header("Builder-Version", "1")
                .header("Swarm", "inactive");
    }
}
