package io.linnet.containerd.container;

import io.linnet.engine.api.UnknownException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecurityOptionsTest {

    private static String refused(String opt) {
        return assertThrows(UnknownException.class, () -> SecurityOptions.parse(List.of(opt))).getMessage();
    }

    @Test
    void readsWhatDockerdReads() {
        SecurityOptions o = SecurityOptions.parse(List.of("apparmor=custom", "label=user:u", "disable",
                "seccomp={\"a\":1}", "no-new-privileges"));
        assertEquals("custom", o.appArmorProfile());
        assertEquals(List.of("user:u", "disable"), o.labels());
        assertEquals("{\"a\":1}", o.seccomp());
        assertTrue(o.noNewPrivileges());
        // the old ':' separator, Go's booleans, the last one wins
        SecurityOptions old = SecurityOptions.parse(List.of("apparmor:p", "no-new-privileges:true", "no-new-privileges=F"));
        assertEquals("p", old.appArmorProfile());
        assertFalse(old.noNewPrivileges());
        assertNull(SecurityOptions.parse(List.of()).seccomp());
    }

    @Test
    void refusesWithDockerdsText() {
        assertEquals("invalid --security-opt 1: \"foo\"", refused("foo"));
        assertEquals("invalid --security-opt 2: \"foo=bar\"", refused("foo=bar"));
        assertEquals("invalid --security-opt 2: \"no-new-privileges=maybe\"", refused("no-new-privileges=maybe"));
        // the CLI's own option: it sends empty MaskedPaths and ReadonlyPaths instead
        assertEquals("invalid --security-opt 2: \"systempaths=unconfined\"", refused("systempaths=unconfined"));
        assertEquals("invalid --security-opt 2: \"=x\"", refused("=x"));
        assertEquals("invalid --security-opt 2: \"a\\\"b=c\"", refused("a\"b=c"));
    }
}
