package io.linnet.api.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linnet.api.model.Filters;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.event.Event;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    private static final String CID = "776b29ed46d76bdbe6e4f1e0265486d5eb4f17f04b484efb59a8dbd1f3522978";
    private static final String IMG = "sha256:d096748e1de963e320de2a9b93edf2b9f038fdf6f89da3f9c83b95777edc68ed";
    private static final Event START = new Event("container", "start", CID,
            Map.of("image", "busybox", "name", "web", "a", "b"), "local", 1);
    private static final Event EXEC = new Event("container", "exec_start: sh -c true", CID,
            Map.of("image", "busybox", "name", "web"), "local", 1);
    private static final Event TAG = new Event("image", "tag", IMG, Map.of("name", "x/y:1"), "local", 1);
    private static final Event VOLUME = new Event("volume", "create", "data", Map.of("driver", "local"), "local", 1);

    private static EventFilter filter(String json) {
        return new EventFilter(Filters.parse(json, text -> EventsResource.JSON.readValue(text, Object.class)));
    }

    @Test
    void noFiltersPassEverything() {
        EventFilter f = filter(null);
        assertTrue(f.test(START) && f.test(TAG) && f.test(VOLUME));
    }

    @Test
    void typeAndEventMatchExactlyInBothFormats() {
        assertTrue(filter("{\"type\":{\"container\":true}}").test(START));
        assertFalse(filter("{\"type\":{\"container\":true}}").test(TAG));
        assertTrue(filter("{\"type\":[\"image\",\"volume\"]}").test(VOLUME));
        assertTrue(filter("{\"event\":[\"start\"]}").test(START));
        assertFalse(filter("{\"event\":[\"star\"]}").test(START));
        assertFalse(filter("{\"event\":[\"start\"],\"type\":[\"image\"]}").test(START));
    }

    @Test
    void execEventsMatchWithoutTheirCommand() {
        assertTrue(filter("{\"event\":[\"exec_start\"]}").test(EXEC));
        assertFalse(filter("{\"event\":[\"exec_start\"]}").test(START));
    }

    @Test
    void containersMatchByIdPrefixOrName() {
        assertTrue(filter("{\"container\":[\"776b\"]}").test(START));
        assertTrue(filter("{\"container\":[\"web\"]}").test(START));
        assertFalse(filter("{\"container\":[\"db\"]}").test(START));
        assertFalse(filter("{\"container\":[\"web\"]}").test(TAG));
    }

    @Test
    void imagesMatchByIdNameOrNameWithoutTag() {
        assertTrue(filter("{\"image\":[\"x/y\"]}").test(TAG));
        assertTrue(filter("{\"image\":[\"x/y:1\"]}").test(TAG));
        assertTrue(filter("{\"image\":[\"" + IMG + "\"]}").test(TAG));
        assertTrue(filter("{\"image\":[\"busybox\"]}").test(START), "a container's image");
        assertFalse(filter("{\"image\":[\"x/y:2\"]}").test(TAG));
        assertFalse(filter("{\"image\":[\"busybox\"]}").test(VOLUME));
    }

    @Test
    void labelsMatchAttributes() {
        assertTrue(filter("{\"label\":[\"a\"]}").test(START));
        assertTrue(filter("{\"label\":[\"a=b\"]}").test(START));
        assertFalse(filter("{\"label\":[\"a=c\"]}").test(START));
        assertFalse(filter("{\"label\":[\"a\"]}").test(VOLUME));
    }

    @Test
    void volumesScopeAndDaemon() {
        assertTrue(filter("{\"volume\":[\"data\"]}").test(VOLUME));
        assertFalse(filter("{\"volume\":[\"other\"]}").test(VOLUME));
        assertTrue(filter("{\"scope\":[\"local\"]}").test(VOLUME));
        assertFalse(filter("{\"scope\":[\"swarm\"]}").test(VOLUME));
        assertFalse(filter("{\"daemon\":[\"d1\"]}").test(VOLUME));
        assertTrue(filter("{\"network\":[\"bri\"]}").test(
                new Event("network", "connect", "abc", Map.of("name", "bridge"), "local", 1)));
    }

    @Test
    void timesAreUnixSecondsWithFractionOrRfc3339() {
        Instant now = Instant.parse("2026-11-28T02:00:00Z");
        assertEquals(EventTimes.NONE, EventTimes.nanos(null, now));
        assertEquals(EventTimes.NONE, EventTimes.nanos("", now));
        assertEquals(1_700_000_000_123_456_789L, EventTimes.nanos("1700000000.123456789", now));
        assertEquals(1_700_000_000_500_000_000L, EventTimes.nanos("1700000000.5", now));
        assertEquals(1_700_000_000_000_000_000L, EventTimes.nanos("1700000000", now));
        assertEquals(0, EventTimes.nanos("0", now));
        assertEquals(now.getEpochSecond() * 1_000_000_000L, EventTimes.nanos("2026-11-28T02:00:00Z", now));
        assertEquals((now.getEpochSecond() - 600) * 1_000_000_000L, EventTimes.nanos("10m", now));
        InvalidParameterException bad = assertThrows(InvalidParameterException.class,
                () -> EventTimes.nanos("abc", now));
        assertEquals("strconv.ParseInt: parsing \"abc\": invalid syntax", bad.getMessage());
    }

    @Test
    void untilBeforeSinceIsRefused() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> EventTimes.check("5", 5_000_000_000L, "3", 3_000_000_000L));
        assertEquals("`since` time (5) cannot be after `until` time (3)", e.getMessage());
        EventTimes.check(null, EventTimes.NONE, "3", 3_000_000_000L);
        EventTimes.check("3", 3_000_000_000L, null, EventTimes.NONE);
    }

    @Test
    void messagesAreWrittenAsDockerdWritesThem() throws Exception {
        Event e = new Event("container", "die", CID, Map.of("name", "web", "image", "busybox", "exitCode", "0"),
                "local", 1_795_833_342_369_158_288L);
        assertEquals("{\"status\":\"die\",\"id\":\"" + CID + "\",\"from\":\"busybox\",\"Type\":\"container\","
                + "\"Action\":\"die\",\"Actor\":{\"ID\":\"" + CID + "\",\"Attributes\":{\"exitCode\":\"0\","
                + "\"image\":\"busybox\",\"name\":\"web\"}},\"scope\":\"local\",\"time\":1795833342,"
                + "\"timeNano\":1795833342369158288}\n", new String(EventsResource.json(e), "UTF-8"));
        assertEquals("{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"v1\",\"Attributes\":"
                + "{\"driver\":\"local\"}},\"scope\":\"local\",\"time\":1795833342,\"timeNano\":1795833342758196455}\n",
                new String(EventsResource.json(new Event("volume", "create", "v1", Map.of("driver", "local"), "local",
                        1_795_833_342_758_196_455L)), "UTF-8"));
        assertEquals("{\"status\":\"tag\",\"id\":\"" + IMG + "\",\"Type\":\"image\",\"Action\":\"tag\",\"Actor\":"
                + "{\"ID\":\"" + IMG + "\",\"Attributes\":{\"name\":\"x/y:1\"}},\"scope\":\"local\","
                + "\"time\":1795833342,\"timeNano\":1795833342568066962}\n",
                new String(EventsResource.json(new Event("image", "tag", IMG, Map.of("name", "x/y:1"), "local",
                        1_795_833_342_568_066_962L)), "UTF-8"));
    }
}
