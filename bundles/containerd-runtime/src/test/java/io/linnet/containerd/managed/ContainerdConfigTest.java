package io.linnet.containerd.managed;

import io.linnet.containerd.config.ManagedLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ContainerdConfigTest {

    private final ManagedLayout layout = ManagedLayout.of(Path.of("/var/lib/linnet"), Path.of("/run/linnet"));

    @Test
    void placesEverythingUnderTheDaemonsRoots() {
        String toml = ContainerdConfig.render(layout, false);
        assertTrue(toml.contains("version = 2\n"), toml);
        assertTrue(toml.contains("root = \"/var/lib/linnet/containerd\"\n"), toml);
        assertTrue(toml.contains("state = \"/run/linnet/containerd\"\n"), toml);
        assertTrue(toml.contains("[grpc]\n  address = \"/run/linnet/containerd/containerd.sock\"\n"), toml);
        assertTrue(toml.contains("[ttrpc]\n  address = \"/run/linnet/containerd/containerd.sock.ttrpc\"\n"), toml);
        assertTrue(toml.contains("[plugins.\"io.containerd.internal.v1.opt\"]\n    path = \"/var/lib/linnet/containerd/opt\"\n"), toml);
    }

    @Test
    void disablesCriAndOpensNoTcpEndpoints() {
        String toml = ContainerdConfig.render(layout, false);
        assertTrue(toml.contains("disabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n"), toml);
        assertTrue(toml.contains("[debug]\n  address = \"\"\n  level = \"info\"\n"), toml);
        assertTrue(toml.contains("[metrics]\n  address = \"\"\n"), toml);
    }

    @Test
    void debugRaisesContainerdsLogLevel() {
        assertTrue(ContainerdConfig.render(layout, true).contains("level = \"debug\""));
    }

    @Test
    void escapesTomlStrings() {
        assertEquals("\"a\\\"b\\\\c\\u0009\"", ContainerdConfig.quoted("a\"b\\c\t"));
    }

    /** containerd itself reads the file back: catches TOML or key mistakes the string checks miss. */
    @Test
    void containerdAcceptsTheConfig(@TempDir Path dir) throws Exception {
        Path binary = Path.of("/usr/bin/containerd");
        assumeTrue(Files.isExecutable(binary), "containerd not installed");
        ManagedLayout tempLayout = ManagedLayout.of(dir.resolve("data"), dir.resolve("exec"));
        Path config = dir.resolve("containerd.toml");
        Files.writeString(config, ContainerdConfig.render(tempLayout, true));

        Process dump = new ProcessBuilder(binary.toString(), "--config", config.toString(), "config", "dump")
                .redirectErrorStream(true).start();
        String output = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(dump.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, dump.exitValue(), output);
        assertTrue(output.contains("root = \"" + tempLayout.root() + "\""), output);
        assertTrue(output.contains("address = \"" + tempLayout.grpcSocket() + "\""), output);
        assertTrue(output.contains("disabled_plugins = [\"io.containerd.grpc.v1.cri\"]"), output);
        assertTrue(output.contains("path = \"" + tempLayout.optDirectory() + "\""), output);
        assertTrue(output.contains("level = \"debug\""), output);
    }
}
