package io.linnet.engine.api.container;

import java.util.Map;

/**
 * An entry of HostConfig.Mounts ({@code docker run --mount}).
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
}
