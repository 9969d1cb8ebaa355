package io.linnet.containerd.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class EngineIdTest {

    @Test
    void generatedOnceThenKept(@TempDir Path dir) throws Exception {
        Path dataRoot = dir.resolve("data");
        String id = EngineId.loadOrCreate(dataRoot);
        UUID.fromString(id);
        assertEquals(id, Files.readString(dataRoot.resolve("engine-id")).trim());
        assertEquals(id, EngineId.loadOrCreate(dataRoot));
        assertNotEquals(id, EngineId.loadOrCreate(dir.resolve("other")));
    }
}
