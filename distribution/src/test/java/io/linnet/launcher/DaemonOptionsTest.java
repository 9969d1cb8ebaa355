package io.linnet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonOptionsTest {

    private static DaemonOptions fromFlags(String... args) {
        return DaemonOptions.merge(CommandLine.parse(args), Map.of());
    }

    @Test
    void defaultsAreDockerdLike() {
        DaemonOptions o = fromFlags();
        assertEquals(List.of("unix:///run/linnet.sock"), o.hosts());
        assertEquals(Path.of("/var/lib/linnet"), o.dataRoot());
        assertEquals(Path.of("/run/linnet"), o.execRoot());
        assertEquals("linnet", o.containerdNamespace());
        assertTrue(o.managedContainerd());
        assertFalse(o.debug());
    }

    @Test
    void flagsInEverySpelling() {
        DaemonOptions o = fromFlags("-H", "unix:///tmp/a.sock", "--host=tcp://127.0.0.1:2375", "--data-root", "/d",
                "--exec-root=/e", "--containerd", "/run/containerd/containerd.sock", "--containerd-namespace", "ns",
                "-p", "/tmp/p.pid", "-D");
        assertEquals(List.of("unix:///tmp/a.sock", "tcp://127.0.0.1:2375"), o.hosts());
        assertEquals(Path.of("/d"), o.dataRoot());
        assertEquals(Path.of("/e"), o.execRoot());
        assertEquals("/run/containerd/containerd.sock", o.containerd());
        assertFalse(o.managedContainerd());
        assertEquals("ns", o.containerdNamespace());
        assertEquals(Path.of("/tmp/p.pid"), o.pidFile());
        assertTrue(o.debug());
    }

    @Test
    void configFileSuppliesWhatFlagsDoNot() {
        Map<String, Object> file = DaemonConfigFile.parse(
                "{\"hosts\":[\"unix:///x.sock\"],\"data-root\":\"/f\",\"debug\":true,\"log-driver\":\"json-file\"}",
                "daemon.json");
        DaemonOptions o = DaemonOptions.merge(CommandLine.parse(new String[] {"--exec-root", "/e"}), file);
        assertEquals(List.of("unix:///x.sock"), o.hosts());
        assertEquals(Path.of("/f"), o.dataRoot());
        assertEquals(Path.of("/e"), o.execRoot());
        assertTrue(o.debug());
    }

    @Test
    void insecureRegistriesComeFromTheFile() {
        Map<String, Object> file = DaemonConfigFile.parse(
                "{\"insecure-registries\":[\"myhost:5000\",\"10.0.0.1\"]}", "daemon.json");
        assertEquals(List.of("myhost:5000", "10.0.0.1"), DaemonOptions.merge(Map.of(), file).insecureRegistries());
        assertEquals(List.of(), DaemonOptions.merge(Map.of(), Map.of()).insecureRegistries());
    }

    @Test
    void sameOptionAsFlagAndInFileIsRefusedAsDockerdDoes() {
        Map<String, Object> file = DaemonConfigFile.parse("{\"data-root\":\"/f\"}", "daemon.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DaemonOptions.merge(CommandLine.parse(new String[] {"--data-root", "/d"}), file));
        assertTrue(e.getMessage().startsWith("the following directives are specified both as a flag and in the "
                + "configuration file: data-root"), e.getMessage());
    }

    @Test
    void unknownKeysAndBadJsonAreErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DaemonConfigFile.parse("{\"no-such-key\":1}", "daemon.json"));
        assertEquals("the following directives don't match any configuration option: no-such-key", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DaemonConfigFile.parse("{", "daemon.json"));
        assertThrows(IllegalArgumentException.class,
                () -> DaemonOptions.merge(Map.of(), DaemonConfigFile.parse("{\"hosts\":\"unix:///a\"}", "f")));
    }

    @Test
    void missingNamedConfigFileIsAnErrorButDefaultOneIsNot() {
        Path missing = Path.of("/nonexistent/linnet/daemon.json");
        assertEquals(Map.of(), DaemonConfigFile.read(missing, false));
        assertThrows(IllegalArgumentException.class, () -> DaemonConfigFile.read(missing, true));
    }

    @Test
    void plainTcpOnlyOnLoopback() {
        fromFlags("-H", "tcp://127.0.0.1:2375");
        fromFlags("-H", "tcp://localhost:2375");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fromFlags("-H", "tcp://0.0.0.0:2375"));
        assertTrue(e.getMessage().contains("without TLS"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> fromFlags("-H", "udp://x"));
        assertThrows(IllegalArgumentException.class, () -> fromFlags("-H", "unix://"));
    }

    @Test
    void badFlagsAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(new String[] {"--bogus"}));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(new String[] {"--data-root"}));
        assertTrue(CommandLine.parse(new String[] {"--help"}).containsKey("help"));
    }
}
