package io.linnet.containerd.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ContainerdAddressTest {

    @Test
    void blankAddressMeansManagedContainerd() {
        assertEquals(Optional.empty(), ContainerdAddress.parse(null));
        assertEquals(Optional.empty(), ContainerdAddress.parse(""));
        assertEquals(Optional.empty(), ContainerdAddress.parse("   "));
    }

    @Test
    void plainPathAndUnixSchemeGiveTheSameSocket() {
        Path expected = Path.of("/run/containerd/containerd.sock");
        assertEquals(Optional.of(expected), ContainerdAddress.parse("/run/containerd/containerd.sock"));
        assertEquals(Optional.of(expected), ContainerdAddress.parse("unix:///run/containerd/containerd.sock"));
        assertEquals(Optional.of(expected), ContainerdAddress.parse(" unix:///run/containerd//containerd.sock "));
    }

    @Test
    void otherSchemesAndRelativePathsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ContainerdAddress.parse("tcp://127.0.0.1:1234"));
        assertThrows(IllegalArgumentException.class, () -> ContainerdAddress.parse("containerd.sock"));
        assertThrows(IllegalArgumentException.class, () -> ContainerdAddress.parse("unix://containerd.sock"));
    }

    @Test
    void socketPathsLongerThanSunPathAreRefused() {
        assertDoesNotThrow(() -> ContainerdAddress.checkSocketPathLength(Path.of("/" + "a".repeat(106))));
        assertThrows(IllegalArgumentException.class,
                () -> ContainerdAddress.checkSocketPathLength(Path.of("/" + "a".repeat(107))));
    }
}
