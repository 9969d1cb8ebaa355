package io.linnet.api.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.Filters;
import io.linnet.api.model.QueryValues;
import io.linnet.api.model.Whiteboard;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.ReplaceableService;
import io.linnet.engine.api.build.BuildCacheService;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code POST /build/prune}: dockerd's answer {@code {"CachesDeleted":[...],"SpaceReclaimed":N}}. */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/build/prune")
@Produces(MediaType.APPLICATION_JSON)
public final class BuildPruneResource {
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();
    private final BuildCacheService cache;

    private final ReplaceableService<BuildCacheService> cacheBinding = new ReplaceableService<>(BuildCacheService.class);

    @Activate
    public BuildPruneResource() {
        this.cache = cacheBinding.proxy();
    }

    /** Over the given services, as bound (tests). */
    public BuildPruneResource(BuildCacheService cache) {
        this();
        bindCache(cache);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCache(BuildCacheService service) {
        cacheBinding.bind(service);
    }

    void unbindCache(BuildCacheService service) {
        cacheBinding.unbind(service);
    }

    /** Requests still running on this revision finish with the services they had. */
    @Deactivate
    void deactivate() {
        cacheBinding.retire();
    }

    @POST
    public Map<String, Object> prune(@QueryParam("all") String all, @QueryParam("filters") String filters,
            @QueryParam("keep-storage") String keepStorage) {
        long keep;
        try {
            keep = keepStorage == null || keepStorage.isEmpty() ? 0 : Long.parseLong(keepStorage);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("keep-storage is in bytes and expects an integer, got " + keepStorage
                    + ": strconv.Atoi: parsing \"" + keepStorage + "\": invalid syntax");
        }
        BuildCacheService.PruneReport report;
        try {
            Filters f = Filters.parse(filters, text -> JSON.readValue(text, Object.class));
            report = cache.prune(QueryValues.bool(all), BuildCacheFilters.of(f, Instant.now()), keep);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("failed to prune build cache: " + e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        // dockerd sends null, not [], when nothing went
        out.put("CachesDeleted", report.cachesDeleted().isEmpty() ? null : report.cachesDeleted());
        out.put("SpaceReclaimed", report.spaceReclaimed());
        return out;
    }
}
