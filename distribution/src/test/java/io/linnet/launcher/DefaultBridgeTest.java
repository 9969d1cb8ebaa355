package io.linnet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --bridge checked before the framework starts, as dockerd refuses to start with a bridge it cannot use. */
class DefaultBridgeTest {

    @TempDir
    Path tmp;

    @Test
    void theDefaultBridgeMustBeAUsableBridgeName() throws Exception {
        Files.createDirectories(tmp.resolve("eth0"));
        String prefix = "Error initializing network controller: Error creating default \"bridge\" network: ";
        assertEquals(prefix + "existing interface eth0 is not a bridge",
                assertThrows(IllegalArgumentException.class, () -> DefaultBridge.check("eth0", tmp)).getMessage());
        assertEquals(prefix + "failed to check bridge interface existence: numerical result out of range",
                assertThrows(IllegalArgumentException.class,
                        () -> DefaultBridge.check("waytoolongbridgename", tmp)).getMessage());
        assertEquals(prefix + "invalid bridge name \"a/b\"",
                assertThrows(IllegalArgumentException.class, () -> DefaultBridge.check("a/b", tmp)).getMessage());
        DefaultBridge.check("linnet0", tmp);
    }
}
