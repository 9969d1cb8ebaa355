package io.linnet.volume.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linnet.engine.api.InvalidParameterException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeNamesTest {
    @Test
    void acceptsWhatDockerdAccepts() {
        for (String ok : List.of("ab", "a.", "data_1", "my-vol.2", "A0", "0123456789abcdef")) {
            assertTrue(VolumeNames.isValid(ok), ok);
            VolumeNames.validate(ok);
        }
    }

    @Test
    void refusesHostileAndMalformedNamesWithDockerdsText() {
        for (String bad : List.of("..", ".", "../x", "/abs", "ab/c", "_ab", "-ab", ".ab", "a b", "x/../..", "a\u0000b",
                "../../etc", "ab/", "")) {
            assertFalse(VolumeNames.isValid(bad), bad);
        }
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> VolumeNames.validate("../x"));
        assertEquals("\"../x\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" "
                + "are allowed. If you intended to pass a host directory, use absolute path", e.getMessage());
        assertEquals("volume name is too short, names should be at least two alphanumeric characters",
                assertThrows(InvalidParameterException.class, () -> VolumeNames.validate("a")).getMessage());
    }

    @Test
    void directoriesStayDirectlyUnderTheRoot() {
        Path root = Path.of("/var/lib/linnet/volumes");
        assertEquals(root.resolve("abc"), VolumeNames.directory(root, "abc"));
        for (String bad : List.of("..", "../x", "/etc", "a/b", ".")) {
            assertThrows(IllegalArgumentException.class, () -> VolumeNames.directory(root, bad), bad);
        }
    }

    @Test
    void generatedNamesAreLikeDockerds() {
        String id = VolumeNames.generate();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        assertFalse(id.substring(0, 12).chars().allMatch(Character::isDigit));
        assertTrue(VolumeNames.isValid(id));
    }

    @org.junit.jupiter.api.Test
    void aNameLongerThanADirectoryNameIsTheClientsError() {
        VolumeNames.validate("a".repeat(255));
        org.junit.jupiter.api.Assertions.assertEquals("volume name is too long, names can be at most 255 characters "
                + "(a directory name)", org.junit.jupiter.api.Assertions.assertThrows(
                        io.linnet.engine.api.InvalidParameterException.class,
                        () -> VolumeNames.validate("a".repeat(256))).getMessage());
    }
}
