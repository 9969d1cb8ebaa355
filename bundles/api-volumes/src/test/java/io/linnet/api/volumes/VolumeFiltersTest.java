package io.linnet.api.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.Filters;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.PruneFilter;
import io.linnet.engine.api.volume.Volume;
import io.linnet.engine.api.volume.VolumeService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class VolumeFiltersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Volume WEB = volume("web-data", Map.of("tier", "front", "env", "prod"));
    private static final Volume DB = volume("db", Map.of("tier", "back"));
    private static final Volume PLAIN = volume("plain", null);
    private static final Volume ANON = volume("0a1b", Map.of(VolumeService.ANONYMOUS_LABEL, ""));
    private static final List<Volume> ALL = List.of(WEB, DB, PLAIN, ANON);

    private static Volume volume(String name, Map<String, String> labels) {
        return new Volume(name, "local", "/v/" + name + "/_data", Instant.EPOCH, labels, null, "local", null);
    }

    private static Filters f(String json) {
        return Filters.parse(json, text -> JSON.readValue(text, Object.class));
    }

    private static List<String> list(String json) {
        Predicate<Volume> p = VolumeFilters.forList(f(json), name -> name.equals("db") ? 1 : 0);
        return ALL.stream().filter(p).map(Volume::name).toList();
    }

    private static List<String> prune(String json) {
        PruneFilter p = VolumeFilters.forPrune(f(json));
        return ALL.stream().filter(v -> p.accepts(v.createdAt(), v.labels())).map(Volume::name).toList();
    }

    @Test
    void listFilters() {
        assertEquals(List.of("web-data", "db", "plain", "0a1b"), list(null));
        assertEquals(List.of("web-data"), list("{\"name\":{\"web\":true}}"));
        assertEquals(List.of("web-data", "db"), list("{\"name\":[\"^web\",\"d.$\"]}"));
        assertEquals(List.of("web-data", "db"), list("{\"label\":{\"tier\":true}}"));
        assertEquals(List.of("db"), list("{\"label\":{\"tier=back\":true}}"));
        assertEquals(List.of("web-data"), list("{\"label\":[\"tier=front\",\"env\"]}"));
        assertEquals(List.of("web-data", "db", "plain", "0a1b"), list("{\"driver\":{\"local\":true}}"));
        assertEquals(List.of(), list("{\"driver\":{\"loc\":true}}"));
        assertEquals(List.of("web-data", "plain", "0a1b"), list("{\"dangling\":{\"true\":true}}"));
        assertEquals(List.of("db"), list("{\"dangling\":[\"0\"]}"));
    }

    @Test
    void listFilterErrorsAsDockerd() {
        assertEquals("invalid filter 'until'", assertThrows(InvalidParameterException.class,
                () -> list("{\"until\":{\"1h\":true}}")).getMessage());
        assertEquals("invalid filter 'dangling=[x]'", assertThrows(InvalidParameterException.class,
                () -> list("{\"dangling\":{\"x\":true}}")).getMessage());
        assertEquals("invalid filter 'dangling=[false true]'", assertThrows(InvalidParameterException.class,
                () -> list("{\"dangling\":[\"true\",\"false\"]}")).getMessage());
        assertThrows(InvalidParameterException.class, () -> prune("{\"name\":{\"x\":true}}"));
    }

    @Test
    void pruneFiltersAndAll() {
        assertEquals(List.of("web-data", "db"), prune("{\"label\":{\"tier\":true}}"));
        assertEquals(List.of("db", "plain", "0a1b"), prune("{\"label!\":{\"env=prod\":true}}"));
        // moby's MatchKVList: excluded only when every label! term holds.
        assertEquals(List.of("db", "plain", "0a1b"), prune("{\"label!\":[\"tier\",\"env\"]}"));
        assertFalse(VolumeFilters.pruneAll(f(null), false));
        assertTrue(VolumeFilters.pruneAll(f(null), true));
        assertTrue(VolumeFilters.pruneAll(f("{\"all\":[\"true\"]}"), false));
        assertTrue(VolumeFilters.pruneAll(f("{\"all\":{\"1\":true}}"), false));
        assertFalse(VolumeFilters.pruneAll(f("{\"all\":[\"false\"]}"), false));
        assertEquals("invalid filter 'all': strconv.ParseBool: parsing \"yes\": invalid syntax",
                assertThrows(InvalidParameterException.class,
                        () -> VolumeFilters.pruneAll(f("{\"all\":[\"yes\"]}"), false)).getMessage());
        assertEquals("invalid filter 'all=[0 1]': only one value is expected",
                assertThrows(InvalidParameterException.class,
                        () -> VolumeFilters.pruneAll(f("{\"all\":[\"1\",\"0\"]}"), false)).getMessage());
    }
}
