package io.linnet.engine.api.volume;

/**
 * Usage of a volume, as {@code GET /system/df} reports it.
 *
 * @param size     bytes under the volume's data directory (symbolic links not followed, hard links
 *                 counted once), -1 when not available
 * @param refCount number of containers referencing the volume, -1 when not available
 */
public record VolumeUsage(long size, long refCount) {
}
