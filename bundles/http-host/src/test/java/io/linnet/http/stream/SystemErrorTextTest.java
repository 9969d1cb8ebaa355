package io.linnet.http.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SystemErrorTextTest {

    @Test
    void theJdksStrerrorTextsAreSpelledAsGoSpellsThem() {
        assertEquals("write /data/x: no space left on device",
                SystemErrorText.asDockerd("write /data/x: No space left on device"));
        assertEquals("open /x: read-only file system", SystemErrorText.asDockerd("open /x: Read-only file system"));
        assertEquals("No such container: x", SystemErrorText.asDockerd("No such container: x"));
        assertNull(SystemErrorText.asDockerd(null));
    }
}
