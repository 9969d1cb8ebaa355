package io.linnet.volume.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linnet.engine.api.InvalidParameterException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriverOptionsTest {
    private static String error(Map<String, String> opts) {
        return assertThrows(InvalidParameterException.class, () -> DriverOptions.validate(opts)).getMessage();
    }

    @Test
    void acceptsMountOptions() {
        DriverOptions.validate(null);
        DriverOptions.validate(Map.of());
        DriverOptions.validate(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=10m,uid=1000"));
        DriverOptions.validate(Map.of("type", "none", "device", "/srv/data", "o", "bind"));
        DriverOptions.validate(Map.of("size", "0"));
        assertTrue(DriverOptions.needsMount(Map.of("type", "tmpfs", "device", "tmpfs")));
    }

    @Test
    void refusesAsDockerdDoes() {
        assertEquals("invalid option: \"foo\"", error(Map.of("foo", "bar")));
        assertEquals("missing required option: \"device\"", error(Map.of("type", "tmpfs")));
        assertEquals("missing required option: \"type\"", error(Map.of("device", "tmpfs")));
        assertEquals("missing required option: \"type\"", error(Map.of("o", "size=1m", "device", "tmpfs")));
        assertEquals("missing required option: \"device\"", error(Map.of("o", "size=1m")));
        assertEquals("quota size requested but no quota support", error(Map.of("size", "1m")));
        assertEquals("invalid size: 'lots'", error(Map.of("size", "lots")));
    }

    @Test
    void sizesAreBinaryMultiples() {
        assertEquals(10L << 20, DriverOptions.ramInBytes("10m"));
        assertEquals(1536, DriverOptions.ramInBytes("1.5KiB"));
        assertEquals(7, DriverOptions.ramInBytes("7"));
        assertEquals(2L << 30, DriverOptions.ramInBytes("2 GB"));
    }
}
