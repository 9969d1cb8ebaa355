package io.linnet.containerd.host;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemInfoTest {

    @Test
    void memTotalIsConvertedFromKibibytes() {
        String meminfo = """
                MemTotal:       24684040 kB
                MemFree:        24377164 kB
                MemAvailable:   24361404 kB
                """;
        assertEquals(24684040L * 1024, MemInfo.parseMemTotal(meminfo));
    }

    @Test
    void missingLineGivesZero() {
        assertEquals(0, MemInfo.parseMemTotal("MemFree: 1 kB\n"));
    }

    @Test
    void thisHostHasMemory() {
        assertTrue(MemInfo.readMemTotal() > 0);
    }
}
