package io.linnet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class ListenAddressTest {

    @Test
    void parsesUnixAndTcp() {
        assertEquals(new ListenAddress.Unix(Path.of("/run/linnet.sock")), ListenAddress.parse("unix:///run/linnet.sock"));
        assertEquals(new ListenAddress.Tcp("127.0.0.1", 2375), ListenAddress.parse("tcp://127.0.0.1:2375"));
        assertEquals(new ListenAddress.Tcp("localhost", 2375), ListenAddress.parse("tcp://localhost"));
        assertEquals(new ListenAddress.Tcp("0.0.0.0", 2376), ListenAddress.parse("tcp://0.0.0.0", true));
        assertEquals(new ListenAddress.Inherited(), ListenAddress.parse("fd://"));
    }

    @Test
    void onlyLoopbackCountsAsLocal() {
        assertTrue(new ListenAddress.Tcp("127.0.0.1", 1).isLoopback());
        assertTrue(new ListenAddress.Tcp("::1", 1).isLoopback());
        assertFalse(new ListenAddress.Tcp("0.0.0.0", 1).isLoopback());
    }

    @Test
    void refusesOtherSchemes() {
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("fd://4"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("npipe:////./pipe/docker"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("unix://"));
    }

    @Test
    void socketModeIsOctal() {
        assertEquals(PosixFilePermissions.fromString("rw-rw----"), SocketModes.parse("0660"));
        assertEquals(PosixFilePermissions.fromString("rwxr-xr-x"), SocketModes.parse("755"));
    }
}
