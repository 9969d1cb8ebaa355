package io.linnet.engine.api.system;

import io.linnet.engine.api.build.BuildCacheRecord;
import io.linnet.engine.api.build.BuildCacheService;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.image.ImageDiskUsage;
import io.linnet.engine.api.image.ImageService;
import io.linnet.engine.api.volume.Volume;
import io.linnet.engine.api.volume.VolumeService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the daemon's objects take on disk, as {@code docker system df} shows it. A part not asked
 * for is null; a service that does not run (volumes, build cache) gives an empty part.
 *
 * @param images     images with their shared bytes and users, and the size of all distinct layers
 * @param containers containers with their writable layer and whole root file system
 * @param volumes    volumes with their usage
 * @param buildCache build cache records
 */
public record DiskUsage(ImageDiskUsage images, List<ContainerUsage> containers, List<Volume> volumes,
        List<BuildCacheRecord> buildCache) {

    /** The parts {@code GET /system/df?type=} can ask for. */
    public enum Kind { IMAGES, CONTAINERS, VOLUMES, BUILD_CACHE }

    /** @param sizeRw changed files; @param sizeRootFs the image's layers and the changed files (0 when gone meanwhile) */
    public record ContainerUsage(Container container, long sizeRw, long sizeRootFs) {
    }

    /**
     * Measures the parts asked for. Containers are listed once (image usage counts their users too);
     * each container's size is one question to the container service, as {@code ps --size}.
     *
     * @param volumes    null when no volume service runs
     * @param buildCache null when no builder runs
     */
    public static DiskUsage measure(Set<Kind> kinds, ImageService images, ContainerService containers,
            VolumeService volumes, BuildCacheService buildCache) {
        List<Container> all = kinds.contains(Kind.IMAGES) || kinds.contains(Kind.CONTAINERS) ? containers.list()
                : List.of();
        return new DiskUsage(
                kinds.contains(Kind.IMAGES) ? ImageDiskUsage.of(images.list(), all) : null,
                kinds.contains(Kind.CONTAINERS) ? sized(all, containers) : null,
                kinds.contains(Kind.VOLUMES) ? (volumes == null ? List.of() : volumes.listWithUsage()) : null,
                kinds.contains(Kind.BUILD_CACHE) ? (buildCache == null ? List.of() : buildCache.usage()) : null);
    }

    private static List<ContainerUsage> sized(List<Container> all, ContainerService containers) {
        List<ContainerUsage> out = new ArrayList<>();
        for (Container c : all) {
            long rw = 0;
            long rootFs = 0;
            try {
                ContainerService.Size size = containers.size(c.id());
                rw = size.rw();
                rootFs = size.rootFs();
            } catch (RuntimeException gone) {
                // removed meanwhile, or its image deleted under it
            }
            out.add(new ContainerUsage(c, rw, rootFs));
        }
        return out;
    }
}
