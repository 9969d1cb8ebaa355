package io.linnet.api.system;

import io.linnet.api.model.DockerTime;
import io.linnet.api.model.Whiteboard;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.ReplaceableService;
import io.linnet.engine.api.build.BuildCacheRecord;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.api.image.ImageDiskUsage;
import io.linnet.engine.api.system.DiskUsage;
import io.linnet.engine.api.system.SystemService;
import io.linnet.engine.api.volume.Volume;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /system/df}: images, containers, volumes and build cache with their sizes, in
 * dockerd's shape; {@code type} (API 1.42+) limits the answer to some of them.
 */
@Component(service = Object.class, property = Whiteboard.RESOURCE)
@Path("/system/df")
@Produces(MediaType.APPLICATION_JSON)
public final class DiskUsageResource {
    private static final Map<String, DiskUsage.Kind> TYPES = Map.of("container", DiskUsage.Kind.CONTAINERS,
            "image", DiskUsage.Kind.IMAGES, "volume", DiskUsage.Kind.VOLUMES, "build-cache", DiskUsage.Kind.BUILD_CACHE);
    private final SystemService system;

    private final ReplaceableService<SystemService> systemBinding = new ReplaceableService<>(SystemService.class);

    @Activate
    public DiskUsageResource() {
        this.system = systemBinding.proxy();
    }

    /** Over the given services, as bound (tests). */
    public DiskUsageResource(SystemService system) {
        this();
        bindSystem(system);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSystem(SystemService service) {
        systemBinding.bind(service);
    }

    void unbindSystem(SystemService service) {
        systemBinding.unbind(service);
    }

    /** Requests still running on this revision finish with the services they had. */
    @Deactivate
    void deactivate() {
        systemBinding.retire();
    }

    @GET
    public Map<String, Object> diskUsage(@QueryParam("type") List<String> types) {
        Set<DiskUsage.Kind> kinds = EnumSet.noneOf(DiskUsage.Kind.class);
        for (String t : types) {
            DiskUsage.Kind kind = TYPES.get(t);
            if (kind == null) {
                throw new InvalidParameterException("invalid type: " + t);
            }
            kinds.add(kind);
        }
        DiskUsage usage = system.diskUsage(kinds.isEmpty() ? EnumSet.allOf(DiskUsage.Kind.class) : kinds);
        Map<String, Object> out = new LinkedHashMap<>();
        if (usage.images() != null) {
            out.put("LayersSize", usage.images().layersSize());
            out.put("Images", usage.images().images().stream().map(DiskUsageResource::image).toList());
        }
        if (usage.containers() != null) {
            out.put("Containers", usage.containers().stream().map(DiskUsageResource::container).toList());
        }
        if (usage.volumes() != null) {
            out.put("Volumes", usage.volumes().stream().map(DiskUsageResource::volume).toList());
        }
        if (usage.buildCache() != null) {
            out.put("BuildCache", usage.buildCache().stream().map(DiskUsageResource::cache).toList());
        }
        return out;
    }

    private static Map<String, Object> image(ImageDiskUsage.Entry entry) {
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
        return s;
    }

    private static Map<String, Object> container(DiskUsage.ContainerUsage usage) {
        Container c = usage.container();
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
        s.put("SizeRw", usage.sizeRw());
        s.put("SizeRootFs", usage.sizeRootFs());
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
