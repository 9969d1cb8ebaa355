package io.linnet.containerd.config;

import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeSettingsTest {

    @Test
    void blankValuesFallBackToDefaultsAndMeanManagedContainerd() {
        RuntimeSettings settings = RuntimeSettings.from(config("", " ", "", "", false));
        assertEquals(Path.of("/var/lib/linnet"), settings.dataRoot());
        assertEquals(Path.of("/run/linnet"), settings.execRoot());
        assertEquals("linnet", settings.namespace());
        assertTrue(settings.managed());
        assertEquals(Path.of("/run/linnet/containerd/containerd.sock"), settings.socketPath());
    }

    @Test
    void externalAddressIsUsedAsIs() {
        RuntimeSettings settings = RuntimeSettings.from(
                config("/data", "/exec", "unix:///run/containerd/containerd.sock", "moby", true));
        assertFalse(settings.managed());
        assertEquals(Optional.of(Path.of("/run/containerd/containerd.sock")), settings.externalSocket());
        assertEquals(Path.of("/run/containerd/containerd.sock"), settings.socketPath());
        assertEquals("moby", settings.namespace());
        assertTrue(settings.debug());
    }

    @Test
    void relativeRootsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RuntimeSettings.from(config("data", "/exec", "", "x", false)));
    }

    @Test
    void equalSettingsCompareEqual() {
        assertEquals(RuntimeSettings.from(config("/d", "/e", "", "n", false)),
                RuntimeSettings.from(config("/d/", "/e", " ", "n", false)));
    }

    private static DaemonConfig config(String dataRoot, String execRoot, String address, String namespace, boolean debug) {
        return new DaemonConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DaemonConfig.class;
            }

            @Override
            public String dataRoot() {
                return dataRoot;
            }

            @Override
            public String execRoot() {
                return execRoot;
            }

            @Override
            public String containerdAddress() {
                return address;
            }

            @Override
            public String containerdNamespace() {
                return namespace;
            }

            @Override
            public boolean debug() {
                return debug;
            }

            @Override
            public String logDriver() {
                return "json-file";
            }

            @Override
            public String logOpts() {
                return "{}";
            }

            @Override
            public String defaultUlimits() {
                return "";
            }

            @Override
            public long defaultShmSize() {
                return EngineDefaults.DEFAULT_SHM_SIZE;
            }

            @Override
            public String defaultCgroupnsMode() {
                return "";
            }

            @Override
            public String defaultRuntime() {
                return "runc";
            }

            @Override
            public String runtimes() {
                return "{}";
            }

            @Override
            public boolean liveRestore() {
                return false;
            }

            @Override
            public int shutdownTimeout() {
                return 15;
            }

            @Override
            public String cgroupParent() {
                return "";
            }

            @Override
            public boolean init() {
                return false;
            }

            @Override
            public String initPath() {
                return "";
            }
        };
    }
}
