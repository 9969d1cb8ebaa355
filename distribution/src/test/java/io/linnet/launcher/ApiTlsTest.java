package io.linnet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS options with dockerd 24's rules (cmd/dockerd options.go and loadDaemonCliConfig). */
class ApiTlsTest {
    @TempDir
    Path certs;

    private Map<String, String> env() throws Exception {
        for (String f : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
            Files.writeString(certs.resolve(f), "x");
        }
        return Map.of("DOCKER_CERT_PATH", certs.toString());
    }

    private DaemonOptions merge(Map<String, Object> file, String... flags) throws Exception {
        return DaemonOptions.merge(CommandLine.parse(flags), file, env());
    }

    @Test
    void offUnlessAskedForAndPlainTcpStaysOnLoopback() throws Exception {
        assertFalse(merge(Map.of()).tls().enabled());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> merge(Map.of(), "-H", "tcp://0.0.0.0:2375"));
        assertTrue(e.getMessage().contains("refusing to listen on tcp://0.0.0.0:2375 without TLS"), e.getMessage());
    }

    @Test
    void tlsverifyImpliesTlsAndTheFilesComeFromTheCertPath() throws Exception {
        ApiTls tls = merge(Map.of(), "--tlsverify", "-H", "tcp://0.0.0.0:2376").tls();
        assertEquals(new ApiTls(true, true, certs.resolve("ca.pem").toString(), certs.resolve("cert.pem").toString(),
                certs.resolve("key.pem").toString()), tls);
    }

    @Test
    void tlsAloneVerifiesUnlessTlsverifyIsFalse() throws Exception {
        assertTrue(merge(Map.of(), "--tls").tls().verify());
        assertTrue(merge(Map.of("tls", true)).tls().verify());
        ApiTls unverified = merge(Map.of(), "--tls", "--tlsverify=false").tls();
        assertTrue(unverified.enabled());
        assertFalse(unverified.verify());
        // "tlsverify": false in the file still turns TLS on, as dockerd's IsValueSet
        assertTrue(merge(Map.of("tlsverify", false)).tls().enabled());
    }

    @Test
    void theFileNamesTheFilesAndAFlagMayNotRepeatIt() throws Exception {
        Path other = Files.writeString(certs.resolve("server.pem"), "x");
        Map<String, Object> file = DaemonConfigFile.parse("{\"tlsverify\": true, \"tlscert\": \"" + other + "\"}",
                "daemon.json");
        assertEquals(other.toString(), merge(file).tls().cert());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> merge(file, "--tlscert", other.toString()));
        assertTrue(e.getMessage().contains("tlscert"), e.getMessage());
    }

    @Test
    void missingFilesAreRefusedAtStartWithDockerdsWords() throws Exception {
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> merge(Map.of(), "--tlsverify", "--tlskey", "/nonexistent/key.pem"));
        assertTrue(key.getMessage().startsWith("could not load X509 key pair"), key.getMessage());
        IllegalArgumentException ca = assertThrows(IllegalArgumentException.class,
                () -> merge(Map.of(), "--tlsverify", "--tlscacert", "/nonexistent/ca.pem"));
        assertEquals("could not read CA certificate \"/nonexistent/ca.pem\": open /nonexistent/ca.pem: no such file "
                + "or directory", ca.getMessage());
        // without verification no CA is needed
        assertTrue(merge(Map.of(), "--tls", "--tlsverify=false", "--tlscacert", "/nonexistent/ca.pem").tls().enabled());
    }
}
