package io.linnet.containerd.container;

import io.linnet.containerd.client.ContainerListing;
import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.engine.api.container.MountPoint;
import io.linnet.engine.api.volume.VolumeReferences;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.util.HashSet;
import java.util.Set;

/** Tells the volume service which containers (running or not) mount a volume, from their stored mounts. */
@Component(service = VolumeReferences.class)
public final class ContainerVolumeReferences implements VolumeReferences {

    private final ContainerdConnection containerd;

    @Activate
    public ContainerVolumeReferences(@Reference ContainerdConnection containerd) {
        this.containerd = containerd;
    }

    @Override
    public Set<String> containersUsing(String volumeName) {
        Set<String> out = new HashSet<>();
        for (var c : ContainerListing.withoutSpecs(containerd, 60_000)) {
            if (ContainerRecords.ours(c) && StoredMounts.of(c).stream()
                    .anyMatch(m -> m.type().equals(MountPoint.VOLUME) && m.name().equals(volumeName))) {
                out.add(c.getId());
            }
        }
        return out;
    }
}
