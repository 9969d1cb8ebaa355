package io.linnet.api.exec;

import io.linnet.api.model.JsonBody;
import io.linnet.api.model.Whiteboard;
import io.linnet.api.model.exec.ExecInspect;
import io.linnet.api.model.exec.ExecStartConfig;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.ReplaceableService;
import io.linnet.engine.api.container.ExecInfo;
import io.linnet.engine.api.container.ExecService;
import io.linnet.http.stream.DetachKeys;
import io.linnet.http.stream.DetachingStream;
import io.linnet.http.stream.Hijack;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import java.util.concurrent.CompletableFuture;

/** The /exec routes: start (the connection taken over as attach does), resize, inspect. */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/exec")
@Produces(MediaType.APPLICATION_JSON)
public final class ExecResource {

    private final ExecService execs;

    private final ReplaceableService<ExecService> execsBinding = new ReplaceableService<>(ExecService.class);

    @Activate
    public ExecResource() {
        this.execs = execsBinding.proxy();
    }

    /** Over the given services, as bound (tests). */
    public ExecResource(ExecService execs) {
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
    @Path("{id}/start")
    @Consumes(MediaType.WILDCARD)
    @JsonBody
    public Response start(@PathParam("id") String id, byte[] body, @Context ContainerRequestContext request) {
        ExecStartConfig start = ExecViews.read(body, ExecStartConfig.class);
        ExecInfo exec = execs.checkStartable(id); // 404 / 409 while a status can still be sent
        int[] size = ExecViews.consoleSize(start.consoleSize());
        byte[] keys = DetachKeys.parse(exec.detachKeys()); // checked at create
        if (start.detach()) {
            execs.start(id, null, null, size[0], size[1]);
            return Response.ok().build();
        }
        // as dockerd, the start request's Tty decides the framing
        return Hijack.respond(request, !start.tty(), streams -> {
            ExecService.Run run = execs.start(id, exec.openStdout() ? streams.stdout() : null,
                    exec.openStderr() ? streams.stderr() : null, size[0], size[1]);
            CompletableFuture<Object> detached = new CompletableFuture<>();
            if (exec.openStdin()) {
                // as dockerd: a TTY session watches for the detach keys, and the client's end of
                // input does not close the terminal (the process would get a hang-up)
                streams.forwardStdin(exec.tty() ? new DetachingStream(run.stdin(), keys, () -> detached.complete(null))
                        : run.stdin());
            }
            streams.onClose(() -> detached.complete(null)); // client gone: the process goes on without it
            CompletableFuture.anyOf(run.done().toCompletableFuture(), detached).get();
        });
    }

    @POST
    @Path("{id}/resize")
    @Consumes(MediaType.WILDCARD)
    public Response resize(@PathParam("id") String id, @QueryParam("h") String h, @QueryParam("w") String w) {
        execs.resize(id, number(h), number(w));
        return Response.ok().build();
    }

    @GET
    @Path("{id}/json")
    public ExecInspect inspect(@PathParam("id") String id) {
        return ExecViews.inspect(execs.inspect(id));
    }

    /** Go's strconv.Atoi and its message, as dockerd answers a bad size. */
    private static int number(String value) {
        String v = value == null ? "" : value;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("strconv.Atoi: parsing \"" + v + "\": invalid syntax");
        }
    }
}
