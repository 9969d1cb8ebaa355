package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The API over TCP with TLS, as dockerd serves it with {@code --tlsverify}: listening on all addresses,
 * remote clients (the docker CLI by flags, by DOCKER_TLS_VERIFY + DOCKER_CERT_PATH and by a context,
 * docker-py's TLSConfig, Testcontainers) with a certificate of the CA are served, attach and exec
 * included; a client without a certificate, or with one of another CA, is refused at the handshake.
 */
@WithLinnet(argsFrom = "tlsArgs")
class TlsEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestCertificates certs;
    private static int port;

    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    static List<String> tlsArgs() throws Exception {
        certs = TestCertificates.make(Files.createTempDirectory("linnet-tls-"));
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        return certs.daemonArgs("tcp://0.0.0.0:" + port);
    }

    @AfterAll
    static void removeCertificates() throws Exception {
        if (certs != null) {
            try (var files = Files.walk(certs.dir())) {
                for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The docker CLI as a remote user runs it: DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH. */
    private static DockerCli remote(Path certPath) {
        return DockerCli.at(url(), daemon.root.resolve("docker-config")).withEnv("DOCKER_TLS_VERIFY", "1")
                .withEnv("DOCKER_CERT_PATH", certPath.toString());
    }

    @Test
    void theCliWithTlsFlagsRunsAContainer() throws Exception {
        Path client = certs.client();
        Commands.Result hi = Commands.run(java.util.Map.of("DOCKER_CONFIG", daemon.root.resolve("docker-config").toString()),
                List.of("docker", "--tlsverify", "--tlscacert", client.resolve("ca.pem").toString(),
                        "--tlscert", client.resolve("cert.pem").toString(), "--tlskey", client.resolve("key.pem").toString(),
                        "-H", url(), "run", "--rm", "busybox", "echo", "hi")).assertSuccess();
        assertEquals("hi\n", hi.stdout());
    }

    @Test
    void attachAndExecStreamOverTls() throws Exception {
        DockerCli cli = remote(certs.client());
        // attach with stdin piped in and out again: the hijacked connection inside TLS
        Commands.Result echoed = cli.shell("printf 'through tls\\n' | docker run -i --rm busybox cat").assertSuccess();
        assertEquals("through tls\n", echoed.stdout());
        cli.docker("run", "-d", "--name", "tls-exec", "busybox", "sleep", "60").assertSuccess();
        Commands.Result exec = cli.docker("exec", "tls-exec", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, exec.exitCode(), exec.stderr());
        assertEquals("out\n", exec.stdout());
        assertEquals("err\n", exec.stderr());
        Commands.Result logs = cli.docker("logs", "tls-exec").assertSuccess();
        assertEquals("", logs.stdout());
    }

    @Test
    void aDockerContextWithTheCertificatesWorks() throws Exception {
        DockerCli cli = DockerCli.at("", daemon.root.resolve("docker-config"));
        Path client = certs.client();
        cli.docker("context", "create", "linnet-tls", "--docker", "host=" + url() + ",ca=" + client.resolve("ca.pem")
                + ",cert=" + client.resolve("cert.pem") + ",key=" + client.resolve("key.pem")).assertSuccess();
        try {
            Commands.Result version = cli.docker("--context", "linnet-tls", "version", "--format",
                    "{{.Server.APIVersion}}").assertSuccess();
            assertEquals("1.43", version.stdout().trim());
        } finally {
            cli.docker("context", "rm", "-f", "linnet-tls");
        }
    }

    @Test
    void clientsWithoutACertificateOfTheCaAreRefusedAtTheHandshake() throws Exception {
        // curl trusting the CA but showing no certificate
        Commands.Result bare = Commands.run("curl", "-sS", "--cacert", certs.caCert().toString(),
                "https://127.0.0.1:" + port + "/_ping");
        assertNotEquals(0, bare.exitCode(), bare.stdout());
        assertTrue(bare.stdout().isEmpty(), bare.stdout());
        // the CLI with a certificate of another CA
        Commands.Result stranger = remote(certs.strangerClient()).docker("version", "--format", "{{.Server.Version}}");
        assertNotEquals(0, stranger.exitCode(), stranger.stdout());
        assertTrue(stranger.stderr().contains("certificate") || stranger.stderr().contains("tls"), stranger.stderr());
        // plain HTTP on the TLS port gets no API either
        Commands.Result plain = Commands.run("curl", "-sS", "http://127.0.0.1:" + port + "/_ping");
        assertNotEquals("OK", plain.stdout());
        // and the one with the CA's certificate is served
        Commands.Result ok = Commands.run("curl", "-sS", "--cacert", certs.caCert().toString(),
                "--cert", certs.client().resolve("cert.pem").toString(),
                "--key", certs.client().resolve("key.pem").toString(), "https://localhost:" + port + "/_ping");
        assertEquals("OK", ok.stdout(), ok.stderr());
    }

    @Test
    void dockerInfoHasNoWarningForVerifiedTls() throws Exception {
        JsonNode info = JSON.readTree(remote(certs.client()).docker("info", "--format", "{{json .}}")
                .assertSuccess().stdout());
        List<String> warnings = new ArrayList<>();
        info.path("Warnings").forEach(w -> warnings.add(w.asText()));
        assertTrue(warnings.stream().noneMatch(w -> w.contains("API is accessible")), warnings.toString());
    }

    @Test
    void dockerPyWithTlsConfig() throws Exception {
        Path script = daemon.root.resolve("dockerpy_tls.py");
        try (var in = TlsEndToEndIT.class.getResourceAsStream("/tls/dockerpy_tls.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        // requests lets REQUESTS_CA_BUNDLE (set on this kind of machine) override a session's CA file
        // (psf/requests#3829): a user of docker-py's TLSConfig must not have it set
        Commands.Result session = Commands.run(java.util.Map.of("PYTHONUNBUFFERED", "1"),
                List.of("env", "-u", "REQUESTS_CA_BUNDLE", "-u", "CURL_CA_BUNDLE", "python3", script.toString(), "https://127.0.0.1:" + port, certs.client().toString()));
        System.out.println(session.stdout());
        assertEquals(0, session.exitCode(), session.stdout() + session.stderr());
        assertTrue(session.stdout().contains("ok a client without a certificate is refused"), session.stdout());
    }

    @Test
    void testcontainersWithDockerTlsVerify() throws Exception {
        Path home = Files.createDirectories(daemon.root.resolve("tc-home"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Commands.Result session = remote(certs.client()).withEnv("TESTCONTAINERS_RYUK_DISABLED", "true")
                .withEnv("HOME", home.toString())
                .run(java.toString(), "-Duser.home=" + home, "-cp", classpath, TestcontainersSession.class.getName());
        System.out.println(session.stdout());
        assertEquals(0, session.exitCode(), session.stdout() + session.stderr());
    }
}
