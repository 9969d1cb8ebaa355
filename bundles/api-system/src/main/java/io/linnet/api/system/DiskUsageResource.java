package io.linnet.api.system;

import io.linnet.api.model.DockerTime;
import io.linnet.api.model.Whiteboard;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.build.BuildCacheRecord;
import io.linnet.engine.api.build.BuildCacheService;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.api.image.ImageDiskUsage;
import io.linnet.engine.api.image.ImageService;
import io.linnet.engine.api.volume.Volume;
import io.linnet.engine.api.volume.VolumeService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code GET /system/df}: images, containers, volumes and build cache with their sizes, in
 * dockerd's shape; {@code type} (API 1.42+) limits the answer to some of them.
 */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/system/df")
@Produces(MediaType.APPLICATION_JSON)
public final class DiskUsageResource {
    private static final Set<String> TYPES = Set.of("container", "image", "volume", "build-cache");
    private final ImageService images;
    private final ContainerService containers;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile VolumeService volumes;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BuildCacheService buildCache;

    @Activate
    public DiskUsageResource(@Reference ImageService images, @Reference ContainerService containers) {
        this.images = images;
        this.containers = containers;
    }

    @GET
    public Map<String, Object> diskUsage(@QueryParam("type") List<String> types) {
        for (String t : types) {
            if (!TYPES.contains(t)) {
                throw new InvalidParameterException("invalid type: " + t);
            }
        }
        boolean every = types.isEmpty();
        Map<String, Object> out = new LinkedHashMap<>();
        List<Container> all = every || types.contains("container") || types.contains("image")
                ? containers.list() : List.of();
        if (every || types.contains("image")) {
            imageUsage(all, out);
        }
        if (every || types.contains("container")) {
            out.put("Containers", all.stream().map(this::container).toList());
        }
        if (every || types.contains("volume")) {
            VolumeService v = volumes;
            out.put("Volumes", v == null ? List.of() : v.listWithUsage().stream().map(DiskUsageResource::volume).toList());
        }
        if (every || types.contains("build-cache")) {
            BuildCacheService b = buildCache;
            out.put("BuildCache", b == null ? List.of() : b.usage().stream().map(DiskUsageResource::cache).toList());
        }
        return out;
    }

    private void imageUsage(List<Container> all, Map<String, Object> out) {
        ImageDiskUsage usage = ImageDiskUsage.of(images.list(), all);
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (ImageDiskUsage.Entry entry : usage.images()) {
            Image image = entry.image();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("Containers", entry.containers());
            s.put("Created", image.created() == null ? 0 : image.created().getEpochSecond());
            s.put("Id", image.id());
            s.put("Labels", image.config() == null ? null : image.config().labels());
            s.put("ParentId", image.parent() == null ? "" : image.parent());
            s.put("RepoDigests", image.repoDigests());
            s.put("RepoTags", image.repoTags());
            s.put("SharedSize", entry.sharedSize());
            s.put("Size", image.size());
            s.put("VirtualSize", image.size());
            summaries.add(s);
        }
        out.put("LayersSize", usage.layersSize());
        out.put("Images", summaries);
    }

    private Map<String, Object> container(Container c) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Id", c.id());
        s.put("Names", List.of(c.name()));
        s.put("Image", c.image());
        s.put("ImageID", c.imageId());
        List<String> command = new ArrayList<>();
        command.add(c.path());
        command.addAll(c.args());
        s.put("Command", String.join(" ", command).strip());
        s.put("Created", c.created() == null ? 0 : c.created().getEpochSecond());
        s.put("Labels", c.labels());
        s.put("State", c.state().status());
        s.put("Status", c.state().status());
        long rw = 0;
        long rootFs = 0;
        try {
            var sizes = containers.size(c.id()); // as ps --size counts them: changed files, and the image's too
            rw = sizes.rw();
            rootFs = sizes.rootFs();
        } catch (RuntimeException gone) {
            // removed meanwhile, or its image deleted under it
        }
        s.put("SizeRw", rw);
        s.put("SizeRootFs", rootFs);
        s.put("Mounts", c.mounts().stream().map(m -> Map.of("Destination", m.destination())).toList());
        return s;
    }

    private static Map<String, Object> volume(Volume v) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("CreatedAt", v.createdAt() == null ? null : DockerTime.rfc3339Nano(v.createdAt()));
        s.put("Driver", v.driver());
        s.put("Labels", v.labels());
        s.put("Mountpoint", v.mountpoint());
        s.put("Name", v.name());
        s.put("Options", v.options());
        s.put("Scope", v.scope());
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("RefCount", v.usage() == null ? -1 : v.usage().refCount());
        usage.put("Size", v.usage() == null ? -1 : v.usage().size());
        s.put("UsageData", usage);
        return s;
    }

    private static Map<String, Object> cache(BuildCacheRecord r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("ID", r.id());
        s.put("Parent", r.parents().isEmpty() ? "" : r.parents().get(0)); // the field API 1.42 still sends
        s.put("Parents", r.parents());
        s.put("Type", r.type());
        s.put("Description", r.description());
        s.put("InUse", r.inUse());
        s.put("Shared", r.shared());
        s.put("Size", r.size());
        s.put("CreatedAt", DockerTime.rfc3339Nano(r.createdAt()));
        s.put("LastUsedAt", DockerTime.rfc3339Nano(r.lastUsedAt()));
        s.put("UsageCount", r.usageCount());
        return s;
    }
}
