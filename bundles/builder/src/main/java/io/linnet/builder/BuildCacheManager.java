package io.linnet.builder;

import io.linnet.engine.api.EngineException;
import io.linnet.engine.api.build.BuildCachePruneFilter;
import io.linnet.engine.api.build.BuildCacheRecord;
import io.linnet.engine.api.build.BuildCacheService;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.image.Image;
import io.linnet.engine.api.image.ImageService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The build cache's records seen as Docker's build cache. The legacy builder's cache is a chain of
 * intermediate images: a record's size is the layer its step added, and pruning a record also
 * deletes its image when nothing else keeps it (no name, no container, no child image, no record).
 */
@Component(service = BuildCacheService.class, configurationPid = "io.linnet.daemon",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class BuildCacheManager implements BuildCacheService {
    private static final Logger LOG = LoggerFactory.getLogger(BuildCacheManager.class);

    private final ImageService images;
    private final ContainerService containers;
    private final BuildCache cache;

    @Activate
    public BuildCacheManager(@Reference ImageService images, @Reference ContainerService containers,
            BuilderConfig config) {
        this(images, containers, Path.of(config.dataRoot()));
    }

    BuildCacheManager(ImageService images, ContainerService containers, Path dataRoot) {
        this.images = images;
        this.containers = containers;
        this.cache = new BuildCache(dataRoot.toAbsolutePath().normalize());
    }

    @Override
    public List<BuildCacheRecord> usage() {
        return records(cache.entries(), imagesById(), imagesInUse());
    }

    @Override
    public synchronized PruneReport prune(boolean all, BuildCachePruneFilter filter, long keepStorage) {
        Map<String, Image> byId = imagesById();
        List<BuildCacheRecord> records = records(cache.entries(), byId, imagesInUse());
        List<BuildCacheRecord> candidates = records.stream()
                .filter(r -> !r.inUse() && (all || !r.shared()) && filter.accepts(r))
                .sorted(Comparator.comparing(BuildCacheRecord::lastUsedAt))
                .collect(Collectors.toCollection(ArrayList::new));
        if (keepStorage > 0) {
            long total = records.stream().mapToLong(BuildCacheRecord::size).sum();
            List<BuildCacheRecord> chosen = new ArrayList<>();
            for (BuildCacheRecord r : candidates) {
                if (total <= keepStorage) {
                    break;
                }
                chosen.add(r);
                total -= r.size();
            }
            candidates = chosen;
        }
        List<String> deleted = new ArrayList<>();
        Set<String> released = new HashSet<>();
        for (BuildCacheRecord r : candidates) {
            if (cache.remove(r.id())) {
                deleted.add(r.id());
                released.add(r.imageId());
            }
        }
        Set<String> stillRecorded = cache.entries().stream().map(BuildCache.Entry::imageId).collect(Collectors.toSet());
        released.removeAll(stillRecorded);
        Map<String, Long> sizes = new HashMap<>();
        candidates.forEach(r -> sizes.put(r.imageId(), r.size()));
        long reclaimed = deleteReleasedImages(released, sizes);
        LOG.info("build cache prune removed {} records, {} bytes", deleted.size(), reclaimed);
        return new PruneReport(deleted, reclaimed);
    }

    /** Deletes the released images nothing keeps, children before parents. */
    private long deleteReleasedImages(Set<String> released, Map<String, Long> sizes) {
        long reclaimed = 0;
        boolean progress = true;
        while (progress && !released.isEmpty()) {
            progress = false;
            Map<String, Image> byId = imagesById();
            Set<String> inUse = imagesInUse();
            Set<String> parents = byId.values().stream().map(Image::parent).filter(p -> p != null && !p.isEmpty())
                    .collect(Collectors.toSet());
            Set<String> kept = sharedWith(byId, byId.values().stream()
                    .filter(i -> !i.repoTags().isEmpty() || inUse.contains(i.id())).toList());
            for (String id : List.copyOf(released)) {
                Image image = byId.get(id);
                if (image == null) {
                    released.remove(id);
                    continue;
                }
                if (kept.contains(id) || parents.contains(id)) {
                    continue;
                }
                try {
                    images.remove(id, false, true);
                    reclaimed += sizes.getOrDefault(id, 0L);
                    progress = true;
                } catch (EngineException e) {
                    LOG.debug("build cache image {} stays: {}", id, e.getMessage());
                }
                released.remove(id);
            }
        }
        return reclaimed;
    }

    private static List<BuildCacheRecord> records(List<BuildCache.Entry> entries, Map<String, Image> byId,
            Set<String> inUse) {
        Set<String> shared = sharedWith(byId, byId.values().stream().filter(i -> !i.repoTags().isEmpty()).toList());
        Map<String, List<String>> keysByImage = new HashMap<>();
        entries.forEach(e -> keysByImage.computeIfAbsent(e.imageId(), k -> new ArrayList<>()).add(e.key()));
        List<BuildCacheRecord> out = new ArrayList<>();
        for (BuildCache.Entry e : entries) {
            Image image = byId.get(e.imageId());
            Image parent = image == null ? null : byId.get(image.parent());
            long size = image == null ? 0 : parent == null ? image.size() : Math.max(0, image.size() - parent.size());
            List<String> parents = parent == null ? List.of() : keysByImage.getOrDefault(parent.id(), List.of());
            out.add(new BuildCacheRecord(e.key(), List.copyOf(parents), "regular", e.description(),
                    inUse.contains(e.imageId()), shared.contains(e.imageId()), size, e.createdAt(), e.lastUsedAt(),
                    e.usageCount(), e.imageId()));
        }
        return out;
    }

    /**
     * The images whose layers the given ones keep: themselves, their recorded parents, and every
     * image whose layer chain starts theirs (a tagged image's own record loses its parent label).
     */
    static Set<String> sharedWith(Map<String, Image> byId, List<Image> keepers) {
        Set<String> shared = new HashSet<>();
        for (Image keeper : keepers) {
            for (Image i = keeper; i != null && shared.add(i.id()); i = byId.get(i.parent())) {
                // the recorded parent chain
            }
        }
        for (Image image : byId.values()) {
            if (shared.contains(image.id())) {
                continue;
            }
            for (Image keeper : keepers) {
                List<String> layers = keeper.diffIds();
                if (image.diffIds().size() <= layers.size()
                        && layers.subList(0, image.diffIds().size()).equals(image.diffIds())) {
                    shared.add(image.id());
                    break;
                }
            }
        }
        return shared;
    }

    private Map<String, Image> imagesById() {
        Map<String, Image> byId = new HashMap<>();
        images.list().forEach(i -> byId.put(i.id(), i));
        return byId;
    }

    private Set<String> imagesInUse() {
        return containers.list().stream().map(Container::imageId).collect(Collectors.toSet());
    }
}
