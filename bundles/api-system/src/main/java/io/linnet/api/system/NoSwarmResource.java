package io.linnet.api.system;

import io.linnet.api.model.ErrorResponse;
import io.linnet.api.model.Whiteboard;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.osgi.service.component.annotations.Component;

/**
 * The swarm routes, answered as dockerd answers them on a node that is not in a swarm, so that
 * clients which probe them (compose, IDEs) take the non-swarm path. Joining a swarm is not offered.
 */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class NoSwarmResource {
    static final String NOT_A_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or "
            + "\"docker swarm join\" to connect this node to swarm and try again.";
    static final String NOT_IN_SWARM = "This node is not part of a swarm";
    static final String NO_SWARM_MODE = "swarm mode is not supported by this daemon";

    @GET
    @Path("swarm")
    public Response inspect() {
        return unavailable(NOT_A_MANAGER);
    }

    @POST
    @Path("swarm/{action: init|join}")
    public Response initOrJoin() {
        return error(501, NO_SWARM_MODE);
    }

    @POST
    @Path("swarm/leave")
    public Response leave() {
        return unavailable(NOT_IN_SWARM);
    }

    @POST
    @Path("swarm/{action: update|unlock}")
    public Response update() {
        return unavailable(NOT_IN_SWARM);
    }

    @GET
    @Path("swarm/unlockkey")
    public Response unlockKey() {
        return unavailable(NOT_A_MANAGER);
    }

    @GET
    @Path("{kind: nodes|services|tasks|secrets|configs}{rest: (/.*)?}")
    public Response managerObjects() {
        return unavailable(NOT_A_MANAGER);
    }

    @POST
    @Path("{kind: nodes|services|tasks|secrets|configs}{rest: (/.*)?}")
    public Response changeManagerObjects() {
        return unavailable(NOT_A_MANAGER);
    }

    @DELETE
    @Path("{kind: nodes|services|secrets|configs}/{id}")
    public Response removeManagerObject() {
        return unavailable(NOT_A_MANAGER);
    }

    private static Response unavailable(String message) {
        return error(503, message);
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorResponse(message)).build();
    }
}
