package io.linnet.api.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.linnet.api.model.Whiteboard;
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
import org.osgi.service.component.annotations.Reference;

/** {@code GET /distribution/{name}/json}: a registry's manifest descriptor and platforms, nothing pulled. */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/distribution")
@Produces(MediaType.APPLICATION_JSON)
public final class DistributionResource {
    private final DistributionInspector inspector;

    @Activate
    public DistributionResource(@Reference DistributionInspector inspector) {
        this.inspector = inspector;
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
