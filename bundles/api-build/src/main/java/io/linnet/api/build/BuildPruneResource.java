package io.linnet.api.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.Filters;
import io.linnet.api.model.QueryValues;
import io.linnet.api.model.Whiteboard;
import io.linnet.engine.api.InvalidParameterException;
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
import org.osgi.service.component.annotations.Reference;

/** {@code POST /build/prune}: dockerd's answer {@code {"CachesDeleted":[...],"SpaceReclaimed":N}}. */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/build/prune")
@Produces(MediaType.APPLICATION_JSON)
public final class BuildPruneResource {
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();
    private final BuildCacheService cache;

    @Activate
    public BuildPruneResource(@Reference BuildCacheService cache) {
        this.cache = cache;
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
