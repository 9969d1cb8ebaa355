package io.linnet.containerd.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostTest {

    @Test
    void architectureUsesUnameNames() {
        assertEquals("x86_64", Architecture.fromJavaArch("amd64"));
        assertEquals("aarch64", Architecture.fromJavaArch("aarch64"));
        assertEquals("s390x", Architecture.fromJavaArch("s390x"));
    }

    @Test
    void executablesAreFoundOnPathFirst(@TempDir Path dir) throws Exception {
        Path tool = dir.resolve("tool");
        Files.writeString(tool, "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(Optional.of(tool), Executables.find("tool", dir.toString()));
        assertEquals(Optional.empty(), Executables.find("no-such-tool-here", dir.toString()));
    }

    @Test
    void childPathGainsSystemDirectoriesOnce() {
        Map<String, String> environment = new HashMap<>(Map.of("PATH", "/opt/bin:/usr/bin"));
        Executables.addSystemDirectories(environment);
        assertEquals("/opt/bin:/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin:/bin", environment.get("PATH"));
    }

    @Test
    void hostFactsComeFromThisLinux() {
        HostFacts facts = HostFacts.read();
        assertFalse(facts.kernelVersion().isEmpty());
        assertTrue(facts.cgroupVersion().equals("1") || facts.cgroupVersion().equals("2"));
        assertTrue(facts.memTotal() > 0);
        assertFalse(HostFacts.hostname().isEmpty());
    }
}
