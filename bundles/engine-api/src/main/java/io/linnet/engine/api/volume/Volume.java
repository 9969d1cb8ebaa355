package io.linnet.engine.api.volume;

import java.time.Instant;
import java.util.Map;

/**
 * A volume as the engine knows it.
 *
 * <p>{@code labels} and {@code options} keep dockerd's distinction between "none given" (null,
 * shown as {@code null} in the API) and "given empty" ({@code {}}).
 *
 * @param name       the volume's name (64 hex digits for an anonymous volume)
 * @param driver     the volume driver; always {@value VolumeService#LOCAL_DRIVER} for now
 * @param mountpoint where the data lives on the host ({@code <dataRoot>/volumes/<name>/_data})
 * @param createdAt  when the volume was created
 * @param labels     user labels, null when the creator gave none
 * @param options    driver options the volume was created with, null when none were given
 * @param scope      {@value VolumeService#LOCAL_SCOPE}
 * @param usage      disk and reference usage; null unless it was asked for
 */
public record Volume(
        String name,
        String driver,
        String mountpoint,
        Instant createdAt,
        Map<String, String> labels,
        Map<String, String> options,
        String scope,
        VolumeUsage usage) {

    /** True when the volume was created without a name (dockerd's anonymous volume label is set). */
    public boolean anonymous() {
        return labels != null && labels.containsKey(VolumeService.ANONYMOUS_LABEL);
    }

    /** The same volume with usage data attached. */
    public Volume withUsage(VolumeUsage usage) {
        return new Volume(name, driver, mountpoint, createdAt, labels, options, scope, usage);
    }
}
