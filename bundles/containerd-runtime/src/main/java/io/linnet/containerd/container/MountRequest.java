package io.linnet.containerd.container;

import io.linnet.api.model.container.Mount;
import java.util.List;
import java.util.Map;

/**
 * An entry of HostConfig.Mounts ({@code docker run --mount}) as the mount planner reads it: Go's
 * nil options and zero values flattened.
 *
 * @param type             bind, volume or tmpfs
 * @param source           host path (bind), volume name (volume; empty for an anonymous one), empty (tmpfs)
 * @param target           the absolute path in the container
 * @param propagation      bind propagation; empty for rprivate
 * @param createMountpoint bind: create a missing source directory instead of failing
 * @param noCopy           volume: do not fill a new volume with the image's content at the target
 * @param volumeLabels     volume: labels of a volume this mount creates
 * @param volumeDriver     volume: driver name, empty for local
 * @param driverOptions    volume: driver options of a volume this mount creates
 * @param tmpfsSizeBytes   tmpfs: size, 0 for the kernel's default
 * @param tmpfsMode        tmpfs: permission bits, 0 for the default
 */
public record MountRequest(String type, String source, String target, boolean readOnly, String propagation,
        boolean createMountpoint, boolean noCopy, Map<String, String> volumeLabels, String volumeDriver,
        Map<String, String> driverOptions, long tmpfsSizeBytes, int tmpfsMode) {

    public MountRequest {
        type = type == null ? "" : type;
        source = source == null ? "" : source;
        target = target == null ? "" : target;
        propagation = propagation == null ? "" : propagation;
        volumeLabels = volumeLabels == null ? Map.of() : Map.copyOf(volumeLabels);
        volumeDriver = volumeDriver == null ? "" : volumeDriver;
        driverOptions = driverOptions == null ? Map.of() : Map.copyOf(driverOptions);
    }

    /** HostConfig.Mounts as the planner takes them; null is none. */
    static List<MountRequest> of(List<Mount> mounts) {
        if (mounts == null) {
            return List.of();
        }
        return mounts.stream().map(m -> {
            var bind = m.bindOptions();
            var volume = m.volumeOptions();
            var driver = volume == null ? null : volume.driverConfig();
            var tmpfs = m.tmpfsOptions();
            return new MountRequest(m.type(), m.source(), m.target(), m.readOnly(),
                    bind == null ? "" : bind.propagation(), bind != null && bind.createMountpoint(),
                    volume != null && volume.noCopy(), volume == null ? null : volume.labels(),
                    driver == null ? "" : driver.name(), driver == null ? null : driver.options(),
                    tmpfs == null ? 0 : tmpfs.sizeBytes(), tmpfs == null ? 0 : (int) tmpfs.mode());
        }).toList();
    }
}
