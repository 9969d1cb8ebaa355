package io.linnet.api.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.volume.VolumeCreateOptions;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.volume.Volume;
import io.linnet.engine.api.volume.VolumeUsage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeViewsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonMatchesDockerdFieldForField() throws Exception {
        Volume v = new Volume("refa", "local", "/d/volumes/refa/_data", Instant.parse("2026-11-28T00:25:34.123456789Z"),
                null, null, "local", null);
        assertEquals("{\"CreatedAt\":\"2026-11-28T00:25:34Z\",\"Driver\":\"local\",\"Labels\":null,"
                + "\"Mountpoint\":\"/d/volumes/refa/_data\",\"Name\":\"refa\",\"Options\":null,\"Scope\":\"local\"}",
                JSON.writeValueAsString(VolumeViews.of(v, ZoneOffset.UTC)));
        Map<String, String> opts = new java.util.LinkedHashMap<>();
        opts.put("type", "tmpfs");
        opts.put("device", "tmpfs");
        Volume withAll = new Volume("refb", "local", "/m", Instant.EPOCH, Map.of("x", "1"), opts, "local",
                new VolumeUsage(5017, 0));
        assertEquals("{\"CreatedAt\":\"1970-01-01T00:00:00Z\",\"Driver\":\"local\",\"Labels\":{\"x\":\"1\"},"
                + "\"Mountpoint\":\"/m\",\"Name\":\"refb\",\"Options\":{\"device\":\"tmpfs\",\"type\":\"tmpfs\"},\"Scope\":\"local\","
                + "\"UsageData\":{\"RefCount\":0,\"Size\":5017}}",
                JSON.writeValueAsString(VolumeViews.of(withAll, ZoneOffset.UTC)));
    }

    @Test
    void createdAtIsGoRfc3339InTheDaemonsZone() {
        Instant t = Instant.parse("2026-11-28T00:25:34.9Z");
        assertEquals("2026-11-28T00:25:34Z", VolumeViews.createdAt(t, ZoneOffset.UTC));
        assertEquals("2026-11-28T01:25:34+01:00", VolumeViews.createdAt(t, ZoneId.of("Europe/Paris")));
    }

    private static VolumeCreateOptions read(String body, String type) throws Exception {
        return VolumesResource.readJson(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), type);
    }

    @Test
    void createBodiesAsDockerdReadsThem() throws Exception {
        VolumeCreateOptions o = read("{\"Name\":\"a1\",\"Driver\":\"local\",\"DriverOpts\":{\"type\":\"tmpfs\"},"
                + "\"Labels\":{},\"Unknown\":1}", "application/json");
        assertEquals("a1", o.name());
        assertEquals(Map.of("type", "tmpfs"), o.driverOpts());
        assertEquals(Map.of(), o.labels());
        assertNull(read("", null).name());
        assertEquals("invalid JSON: got EOF while reading request body",
                assertThrows(InvalidParameterException.class, () -> read(" ", "application/json")).getMessage());
        assertThrows(InvalidParameterException.class, () -> read("{bad", "application/json"));
        assertThrows(InvalidParameterException.class, () -> read("[]", "application/json"));
        assertEquals("unexpected content after JSON",
                assertThrows(InvalidParameterException.class, () -> read("{} {}", "application/json")).getMessage());
        assertEquals("unsupported Content-Type header (text/plain): must be 'application/json'",
                assertThrows(InvalidParameterException.class, () -> read("{}", "text/plain")).getMessage());
    }
}
