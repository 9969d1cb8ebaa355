package io.linnet.api.system;

import io.linnet.api.model.Whiteboard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.osgi.service.component.annotations.Component;

/**
 * {@code /_ping}: the first call of every client. Its headers drive API version negotiation and
 * builder choice, so it depends on nothing else and answers even while containerd is away.
 */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/_ping")
public final class PingResource {

    @GET
    public Response ping() {
        return headers(Response.ok("OK", "text/plain; charset=utf-8")).build();
    }

    @HEAD
    public Response pingHead() {
        return headers(Response.ok().type("text/plain; charset=utf-8").header("Content-Length", "0")).build();
    }

    private static Response.ResponseBuilder headers(Response.ResponseBuilder r) {
        return r.header("Cache-Control", "no-cache, no-store, must-revalidate")
                .header("Pragma", "no-cache")
                .header("Docker-Experimental", "false")
                // 1 = the classic builder; BuildKit sessions are not offered.
                .header("Builder-Version", "1")
                .header("Swarm", "inactive");
    }
}
