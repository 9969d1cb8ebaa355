package io.linnet.containerd.container;

import io.linnet.engine.api.InvalidParameterException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapabilitiesTest {

    @Test
    void privilegedGetsWhatTheDaemonsBoundingSetHolds() {
        long withoutSysResource = 0x1fffeffffffL; // a sandbox that took CAP_SYS_RESOURCE (24) away
        Capabilities caps = new Capabilities(40, withoutSysResource);
        assertEquals(40, caps.all().size());
        assertFalse(caps.tweak(List.of(), List.of(), true).contains("CAP_SYS_RESOURCE"));
        assertFalse(caps.tweak(List.of("ALL"), List.of(), false).contains("CAP_SYS_RESOURCE"));
        assertEquals(41, new Capabilities(40).all().size());
    }

    @Test
    void capAddAndDropByNameWithOrWithoutPrefix() {
        Capabilities caps = new Capabilities(40, 0x1fffeffffffL);
        List<String> tweaked = caps.tweak(List.of("SYS_ADMIN", "cap_sys_time"), List.of("NET_RAW"), false);
        assertTrue(tweaked.containsAll(List.of("CAP_SYS_ADMIN", "CAP_SYS_TIME")));
        assertFalse(tweaked.contains("CAP_NET_RAW"));
        assertTrue(caps.tweak(List.of("SYS_RESOURCE"), List.of(), false).contains("CAP_SYS_RESOURCE"),
                "a known name stays valid; runc reports it if it cannot be granted");
        assertThrows(InvalidParameterException.class, () -> caps.tweak(List.of("NOPE"), List.of(), false));
    }
}
