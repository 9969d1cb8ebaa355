package io.linnet.network.cni;

import io.linnet.engine.api.UnknownException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BridgeNameTest {

    @TempDir
    Path net;

    private String refused(String name) {
        return assertThrows(UnknownException.class, () -> new BridgeName(net).check(name)).getMessage();
    }

    @Test
    void kernelRulesForInterfaceNames() throws Exception {
        assertEquals("failed to check bridge interface existence: numerical result out of range",
                refused("waytoolongbridgename"));
        assertEquals("failed to check bridge interface existence: numerical result out of range",
                refused("ünïcödé-brïdgé"), "15 bytes, not characters");
        for (String bad : new String[] {"has space", "sl/ash", ".", "..", "a:b", "tab\tx", "nl\n", "nb\u00e0"}) {
            assertEquals("invalid argument", refused(bad), bad);
        }
        for (String good : new String[] {"ok-br0", "exactly15chars_", "ünï", ".x", "a.b"}) {
            assertDoesNotThrow(() -> new BridgeName(net).check(good), good);
        }
    }

    @Test
    void anExistingInterfaceMustBeABridge() throws Exception {
        Files.createDirectories(net.resolve("eth0"));
        Files.createDirectories(net.resolve("br-used/bridge"));
        assertEquals("existing interface eth0 is not a bridge", refused("eth0"));
        assertDoesNotThrow(() -> new BridgeName(net).check("br-used"));
    }
}
