package io.linnet.api.system;

import io.linnet.api.model.Whiteboard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The plugin routes of a daemon with no managed plugins (Linnet extends itself with bundles,
 * not Docker plugins), and the BuildKit session route, which the classic builder does not use.
 */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class NoPluginsResource {

    @GET
    @Path("plugins")
    public List<Object> list() {
        return List.of();
    }

    @GET
    @Path("plugins/privileges")
    public Response privileges() {
        return NoSwarmResource.error(501, "managed plugins are not supported by this daemon");
    }

    @GET
    @Path("plugins/{name: .+}/json")
    public Response inspect(@PathParam("name") String name) {
        return notFound(name);
    }

    @DELETE
    @Path("plugins/{name: .+}")
    public Response remove(@PathParam("name") String name) {
        return notFound(name);
    }

    @POST
    @Path("plugins/{name: .+}/{action: enable|disable|upgrade|set|push}")
    public Response change(@PathParam("name") String name) {
        return notFound(name);
    }

    @POST
    @Path("plugins/{action: pull|create}")
    public Response install() {
        return NoSwarmResource.error(501, "managed plugins are not supported by this daemon");
    }

    @POST
    @Path("session")
    public Response session() {
        return NoSwarmResource.error(501, "BuildKit sessions are not supported by this daemon; "
                + "use the classic builder (DOCKER_BUILDKIT=0)");
    }

    private static Response notFound(String name) {
        return NoSwarmResource.error(404, "plugin \"" + name + "\" not found");
    }
}
