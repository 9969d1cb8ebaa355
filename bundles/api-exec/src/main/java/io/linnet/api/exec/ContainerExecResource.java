package io.linnet.api.exec;

import io.linnet.api.model.JsonBody;
import io.linnet.engine.api.ReplaceableService;
import io.linnet.http.stream.DetachKeys;
import io.linnet.api.model.Whiteboard;
import io.linnet.api.model.exec.ExecConfig;
import io.linnet.api.model.exec.IdResponse;
import io.linnet.engine.api.container.ExecCreate;
import io.linnet.engine.api.container.ExecService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code POST /containers/{id}/exec}: registers an exec instance (the /containers resource is another bundle's). */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/containers")
@Produces(MediaType.APPLICATION_JSON)
public final class ContainerExecResource {

    private final ExecService execs;

    private final ReplaceableService<ExecService> execsBinding = new ReplaceableService<>(ExecService.class);

    @Activate
    public ContainerExecResource() {
        this.execs = execsBinding.proxy();
    }

    /** Over the given services, as bound (tests). */
    public ContainerExecResource(ExecService execs) {
        this();
        bindExecs(execs);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindExecs(ExecService service) {
        execsBinding.bind(service);
    }

    void unbindExecs(ExecService service) {
        execsBinding.unbind(service);
    }

    /** Requests still running on this revision finish with the services they had. */
    @Deactivate
    void deactivate() {
        execsBinding.retire();
    }

    @POST
    @Path("{id}/exec")
    @Consumes(MediaType.WILDCARD)
    @JsonBody
    public Response create(@PathParam("id") String id, byte[] body) {
        ExecConfig c = ExecViews.read(body, ExecConfig.class);
        if (c.detachKeys() != null && !c.detachKeys().isEmpty()) {
            try {
                DetachKeys.parse(c.detachKeys());
            } catch (IllegalArgumentException e) {
                // dockerd answers this one with a 500
                throw new IllegalStateException("Invalid detach keys (" + c.detachKeys() + ") provided");
            }
        }
        String execId = execs.create(id, new ExecCreate(io.linnet.api.model.ApiJson.strings(c.cmd()),
                io.linnet.api.model.ApiJson.strings(c.env()), c.workingDir(), c.user(), c.privileged(),
                c.tty(), c.attachStdin(), c.attachStdout(), c.attachStderr(), c.detachKeys()));
        return Response.status(201).entity(new IdResponse(execId)).build();
    }
}
