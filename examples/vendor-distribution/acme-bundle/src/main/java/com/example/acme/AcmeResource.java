package com.example.acme;

import io.linnet.api.model.Whiteboard;
import io.linnet.engine.api.volume.Volume;
import io.linnet.engine.api.volume.VolumeService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Acme's own route on Linnet's socket, served beside Docker's API (version prefixes included):
 * {@code GET /vendor/acme/volumes} names the volumes under Acme's policy. A JAX-RS resource
 * registered as an OSGi service with {@link Whiteboard#RESOURCE}, as Linnet's own endpoint bundles do.
 */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/vendor/acme")
@Produces(MediaType.APPLICATION_JSON)
public final class AcmeResource {
    private final VolumeService volumes;

    @Activate
    public AcmeResource(@Reference VolumeService volumes) {
        this.volumes = volumes;
    }

    @GET
    @Path("volumes")
    public Map<String, Object> managedVolumes() {
        List<String> names = volumes.list().stream()
                .filter(v -> v.labels() != null && v.labels().containsKey(AcmeVolumePolicy.LABEL))
                .map(Volume::name).sorted().toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Vendor", "Acme");
        answer.put("Label", AcmeVolumePolicy.LABEL);
        answer.put("Volumes", names);
        return answer;
    }
}
