package io.linnet.containerd.container;

import io.linnet.engine.api.container.MountPoint;
import io.linnet.engine.api.volume.VolumeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

/** As dockerd's {@code rm -v} and {@code --rm}: a container's anonymous volumes go with it, unless another uses them. */
final class AnonymousVolumes {

    private static final Logger LOG = LoggerFactory.getLogger(AnonymousVolumes.class);

    private final Supplier<VolumeService> volumes;

    AnonymousVolumes(Supplier<VolumeService> volumes) {
        this.volumes = volumes;
    }

    void remove(String containerId, List<MountPoint> mounts) {
        VolumeService service = volumes.get();
        if (service == null) {
            return;
        }
        for (MountPoint m : mounts) {
            if (m.anonymous() && m.type().equals(MountPoint.VOLUME)) {
                try {
                    service.remove(m.name(), true);
                } catch (RuntimeException e) {
                    LOG.warn("container {}: its anonymous volume {} stays: {}", containerId, m.name(), e.getMessage());
                }
            }
        }
    }
}
