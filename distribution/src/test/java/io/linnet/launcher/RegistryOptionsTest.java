package io.linnet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** registry-mirrors and insecure-registries from daemon.json and from repeated flags, as dockerd takes them. */
class RegistryOptionsTest {

    @Test
    void mirrorsFromTheFileAreNormalized() {
        Map<String, Object> file = DaemonConfigFile.parse(
                "{\"registry-mirrors\":[\"http://127.0.0.1:5000\",\"https://mirror.example/\"]}", "daemon.json");
        assertEquals(List.of("http://127.0.0.1:5000/", "https://mirror.example/"),
                DaemonOptions.merge(Map.of(), file).registryMirrors());
        assertEquals(List.of(), DaemonOptions.merge(Map.of(), Map.of()).registryMirrors());
    }

    @Test
    void repeatedFlagsMakeLists() {
        Map<String, Object> flags = CommandLine.parse(new String[] {"--registry-mirror", "http://a:1",
                "--registry-mirror=https://b", "--insecure-registry", "10.0.0.0/8", "--insecure-registry", "h:5000"});
        DaemonOptions options = DaemonOptions.merge(flags, Map.of());
        assertEquals(List.of("http://a:1/", "https://b/"), options.registryMirrors());
        assertEquals(List.of("10.0.0.0/8", "h:5000"), options.insecureRegistries());
    }

    @Test
    void invalidMirrorsAreRefusedWithDockerdsWords() {
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> RegistryMirrors.validate(List.of("ftp://m")));
        assertEquals("invalid mirror: unsupported scheme \"ftp\" in \"ftp://m\"", scheme.getMessage());
        IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                () -> RegistryMirrors.validate(List.of("https://m/v2/")));
        assertTrue(path.getMessage().startsWith("invalid mirror: path, query, or fragment at end of the URI"),
                path.getMessage());
    }

    @Test
    void aFlagAndTheFileMayNotBothSetMirrors() {
        Map<String, Object> file = DaemonConfigFile.parse("{\"registry-mirrors\":[\"http://a:1\"]}", "daemon.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DaemonOptions.merge(
                CommandLine.parse(new String[] {"--registry-mirror", "http://b:1"}), file));
        assertTrue(e.getMessage().contains("registry-mirrors"), e.getMessage());
    }

    @Test
    void maxDownloadAttemptsAsDockerd() {
        assertEquals(5, DaemonOptions.merge(Map.of(), Map.of()).maxDownloadAttempts());
        assertEquals(2, DaemonOptions.merge(CommandLine.parse(new String[] {"--max-download-attempts", "2"}), Map.of())
                .maxDownloadAttempts());
        assertEquals(3, DaemonOptions.merge(Map.of(), DaemonConfigFile.parse("{\"max-download-attempts\":3}",
                "daemon.json")).maxDownloadAttempts());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DaemonOptions.merge(
                CommandLine.parse(new String[] {"--max-download-attempts", "0"}), Map.of()));
        assertEquals("invalid max download attempts: 0", e.getMessage());
    }
}
