package io.linnet.api.volumes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.ApiVersion;
import io.linnet.api.model.Filters;
import io.linnet.api.model.JsonBody;
import io.linnet.api.model.QueryValues;
import io.linnet.api.model.Whiteboard;
import io.linnet.api.model.volume.VolumeCreateOptions;
import io.linnet.api.model.volume.VolumeListResponse;
import io.linnet.api.model.volume.VolumePruneResponse;
import io.linnet.api.model.volume.VolumeResponse;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.PruneFilter;
import io.linnet.engine.api.ReplaceableService;
import io.linnet.engine.api.UnavailableException;
import io.linnet.engine.api.volume.Volume;
import io.linnet.engine.api.volume.VolumeCreateRequest;
import io.linnet.engine.api.volume.VolumeService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The /volumes routes: HTTP in and out, the work is the engine's volume service. */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/volumes")
@Produces(MediaType.APPLICATION_JSON)
public final class VolumesResource {
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();
    private static final ApiVersion PRUNE_ANONYMOUS_ONLY = new ApiVersion(1, 42);
    private final VolumeService volumes;

    private final ReplaceableService<VolumeService> volumesBinding = new ReplaceableService<>(VolumeService.class);

    @Activate
    public VolumesResource() {
        this.volumes = volumesBinding.proxy();
    }

    /** Over the given services, as bound (tests). */
    public VolumesResource(VolumeService volumes) {
        this();
        bindVolumes(volumes);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindVolumes(VolumeService service) {
        volumesBinding.bind(service);
    }

    void unbindVolumes(VolumeService service) {
        volumesBinding.unbind(service);
    }

    /** Requests still running on this revision finish with the services they had. */
    @Deactivate
    void deactivate() {
        volumesBinding.retire();
    }

    @GET
    public VolumeListResponse list(@QueryParam("filters") String filters) {
        Filters f = filters(filters, "error reading volume filters: ");
        Predicate<Volume> accepted = VolumeFilters.forList(f, volumes::referenceCount);
        List<VolumeResponse> out = volumes.list().stream().filter(accepted).map(VolumeViews::of).toList();
        return new VolumeListResponse(out, null);
    }

    @POST
    @Path("create")
    @Consumes(MediaType.WILDCARD)
    @JsonBody
    public Response create(InputStream body, @HeaderParam("Content-Type") String contentType) throws IOException {
        VolumeCreateOptions options = readJson(body, contentType);
        if (options.clusterVolumeSpec() != null) {
            throw new UnavailableException("This node is not a swarm manager. Use \"docker swarm init\" or "
                    + "\"docker swarm join\" to connect this node to swarm and try again.");
        }
        Volume v = volumes.create(new VolumeCreateRequest(options.name(), options.driver(), options.driverOpts(),
                options.labels()));
        return Response.status(Response.Status.CREATED).entity(VolumeViews.of(v)).build();
    }

    @GET
    @Path("{name}")
    public VolumeResponse inspect(@PathParam("name") String name) {
        return VolumeViews.of(volumes.inspect(name));
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.WILDCARD)
    public Response update(@PathParam("name") String name) {
        throw new UnavailableException("volume update only valid for cluster volumes, but swarm is unavailable");
    }

    @DELETE
    @Path("{name}")
    public Response remove(@PathParam("name") String name, @QueryParam("force") String force) {
        volumes.remove(name, QueryValues.bool(force));
        return Response.noContent().build();
    }

    @POST
    @Path("prune")
    @Consumes(MediaType.WILDCARD)
    public VolumePruneResponse prune(@QueryParam("filters") String filters, @Context ContainerRequestContext request) {
        Filters f = filters(filters, "");
        PruneFilter accepted = VolumeFilters.forPrune(f);
        boolean all = VolumeFilters.pruneAll(f, apiVersion(request).isBefore(PRUNE_ANONYMOUS_ONLY));
        VolumeService.PruneReport report = volumes.prune(all, accepted);
        return new VolumePruneResponse(report.deleted(), report.spaceReclaimed());
    }

    /** moby's httputils.ReadJSON: an empty body is an empty request; anything else must be JSON. */
    static VolumeCreateOptions readJson(InputStream body, String contentType) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
        if (contentType != null && !contentType.isBlank() || bytes.length > 0) {
            String mime = contentType == null ? "" : contentType.split(";", 2)[0].trim();
            if (!mime.equalsIgnoreCase(MediaType.APPLICATION_JSON)) {
                throw new InvalidParameterException("unsupported Content-Type header (" + (contentType == null ? ""
                        : contentType) + "): must be 'application/json'");
            }
        }
        if (bytes.length == 0) {
            return new VolumeCreateOptions(null, null, null, null, null);
        }
        try {
            VolumeCreateOptions options = io.linnet.api.model.ApiJson.readBody(JSON, bytes, VolumeCreateOptions.class);
            return options != null ? options : new VolumeCreateOptions(null, null, null, null, null);
        } catch (io.linnet.api.model.InvalidJsonException e) {
            throw new InvalidParameterException(e.getMessage());
        }
    }

    private static Filters filters(String json, String prefix) {
        try {
            return Filters.parse(json, text -> JSON.readValue(text, Object.class));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(prefix + "invalid filter");
        }
    }

    private static ApiVersion apiVersion(ContainerRequestContext request) {
        Object v = request.getProperty("linnet.apiVersion");
        return v instanceof ApiVersion version ? version : ApiVersion.CURRENT;
    }
}
