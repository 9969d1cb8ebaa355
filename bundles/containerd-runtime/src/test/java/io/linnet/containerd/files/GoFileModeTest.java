package io.linnet.containerd.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GoFileModeTest {

    @Test
    void dockerdValues() {
        assertEquals(420L, GoFileMode.of(0100644)); // regular file 0644
        assertEquals(2147484141L, GoFileMode.of(0040755)); // directory 0755
        assertEquals(134218239L, GoFileMode.of(0120777)); // symlink
        assertEquals((1L << 31) | (1L << 20) | 0777, GoFileMode.of(0041777)); // /tmp
        assertEquals((1L << 26) | (1L << 21) | 0666, GoFileMode.of(0020666)); // /dev/null
        assertEquals((1L << 23) | 0755, GoFileMode.of(0104755)); // setuid
    }
}
