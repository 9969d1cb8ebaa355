package io.linnet.engine.api.volume;

import java.util.Map;

/**
 * What {@code POST /volumes/create} asks for.
 *
 * @param name       the volume's name; null or empty for an anonymous volume (a name of 64 hex
 *                   digits is generated and the anonymous label set, as dockerd does)
 * @param driver     the volume driver; null or empty means {@value VolumeService#LOCAL_DRIVER}
 * @param driverOpts driver options (local driver: {@code type}, {@code device}, {@code o},
 *                   {@code size}); null when none were given
 * @param labels     user labels; null when none were given
 */
public record VolumeCreateRequest(String name, String driver, Map<String, String> driverOpts,
        Map<String, String> labels) {
}
