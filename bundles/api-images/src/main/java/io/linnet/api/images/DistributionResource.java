package io.linnet.api.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.linnet.api.model.Whiteboard;
import io.linnet.engine.api.ReplaceableService;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.registry.DistributionInspector;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code GET /distribution/{name}/json}: a registry's manifest descriptor and platforms, nothing pulled. */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/distribution")
@Produces(MediaType.APPLICATION_JSON)
public final class DistributionResource {
    private final DistributionInspector inspector;

    private final ReplaceableService<DistributionInspector> inspectorBinding = new ReplaceableService<>(DistributionInspector.class);

    @Activate
    public DistributionResource() {
        this.inspector = inspectorBinding.proxy();
    }

    /** Over the given services, as bound (tests). */
    public DistributionResource(DistributionInspector inspector) {
        this();
        bindInspector(inspector);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindInspector(DistributionInspector service) {
        inspectorBinding.bind(service);
    }

    void unbindInspector(DistributionInspector service) {
        inspectorBinding.unbind(service);
    }

    /** Requests still running on this revision finish with the services they had. */
    @Deactivate
    void deactivate() {
        inspectorBinding.retire();
    }

    @GET
    @Path("{name: .+}/json")
    public DistributionInspect inspect(@PathParam("name") String name,
            @HeaderParam("X-Registry-Auth") String registryAuth) {
        ImageReference reference = ImageReference.parse(name).withDefaultTag();
        DistributionInspector.Distribution d = inspector.inspect(reference, RegistryAuthHeader.decode(registryAuth));
        return new DistributionInspect(new Descriptor(d.mediaType(), d.digest(), d.size()),
                d.platforms().stream().map(p -> new Platform(p.architecture(), p.os(), p.osVersion(),
                        p.osFeatures().isEmpty() ? null : p.osFeatures(), p.variant())).toList());
    }

    /** The spec's DistributionInspect. */
    public record DistributionInspect(@JsonProperty("Descriptor") Descriptor descriptor,
            @JsonProperty("Platforms") List<Platform> platforms) {
    }

    /** An OCI descriptor (lower-case keys, as the OCI spec writes them). */
    public record Descriptor(@JsonProperty("mediaType") String mediaType, @JsonProperty("digest") String digest,
            @JsonProperty("size") long size) {
    }

    /** An OCI platform; empty fields are left out, as Go's omitempty does. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Platform(@JsonProperty("architecture") String architecture, @JsonProperty("os") String os,
            @JsonProperty("os.version") String osVersion, @JsonProperty("os.features") List<String> osFeatures,
            @JsonProperty("variant") String variant) {
    }
}
