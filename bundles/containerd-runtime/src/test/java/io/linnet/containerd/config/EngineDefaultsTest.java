package io.linnet.containerd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineDefaultsTest {

    /** The configuration as the launcher writes it: the given keys, the annotation's defaults for the others. */
    private static DaemonConfig config(Map<String, Object> values) {
        return (DaemonConfig) Proxy.newProxyInstance(DaemonConfig.class.getClassLoader(),
                new Class<?>[] {DaemonConfig.class}, (proxy, method, args) -> values.containsKey(method.getName())
                        ? values.get(method.getName()) : method.getDefaultValue());
    }

    @Test
    void aConfigurationWithoutDefaultsIsAStockDockerd() {
        assertEquals(EngineDefaults.DOCKERD, EngineDefaults.from(config(Map.of())));
    }

    @Test
    void theLaunchersValuesAreRead() {
        EngineDefaults d = EngineDefaults.from(config(Map.of("logDriver", "local", "logOpts", "{\"max-size\":\"1m\"}",
                "defaultUlimits", "nofile=1024:2048, nproc=50:60", "defaultShmSize", 128L << 20,
                "defaultCgroupnsMode", "private", "defaultRuntime", "crun", "runtimes", "{\"crun\":\"/usr/bin/crun\"}",
                "liveRestore", true, "shutdownTimeout", 3)));
        assertEquals("local", d.logDriver());
        assertEquals(Map.of("max-size", "1m"), d.logOpts());
        assertEquals(List.of("nofile=1024:2048", "nproc=50:60"), d.ulimits());
        assertEquals(128L << 20, d.shmSize());
        assertEquals("private", d.cgroupnsMode());
        assertEquals("crun", d.defaultRuntime());
        assertTrue(d.liveRestore());
        assertEquals(3, d.shutdownTimeout());
        assertEquals("/usr/bin/crun", d.binaryOf("crun"));
        assertNull(d.binaryOf("runc"), "runc is the shim's own default: no options");
        assertTrue(d.knows("runc") && d.knows("io.containerd.runc.v2") && d.knows("crun"));
        assertFalse(d.knows("kata"));
    }

    @Test
    void aReloadReplacesTheReloadableDefaultsAndKeepsTheOthers() {
        EngineDefaults atStart = EngineDefaults.from(config(Map.of("logDriver", "local", "cgroupParent", "/ops")));
        EngineDefaults d = atStart.reloaded(Map.of("runtimes", "{\"crun\":\"/usr/bin/crun\"}", "defaultRuntime", "crun",
                "liveRestore", "true", "shutdownTimeout", "4", "defaultShmSize", "1048576",
                "defaultCgroupnsMode", "private", "service.pid", "io.linnet.daemon.live"));
        assertEquals("crun", d.defaultRuntime());
        assertTrue(d.knows("crun"));
        assertEquals("/usr/bin/crun", d.binaryOf("crun"));
        assertTrue(d.liveRestore());
        assertEquals(4, d.shutdownTimeout());
        assertEquals(1L << 20, d.shmSize());
        assertTrue(d.privateCgroupns(false));
        assertEquals("local", d.logDriver(), "log-driver is read at start only, as in dockerd");
        assertEquals("/ops", d.cgroupParent());
        assertEquals(atStart, atStart.reloaded(Map.of()), "a live configuration without the keys changes nothing");
        assertFalse(atStart.reloaded(Map.of("runtimes", "{}")).knows("crun"));
    }
}
