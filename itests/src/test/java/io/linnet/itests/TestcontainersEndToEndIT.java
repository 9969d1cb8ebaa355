package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Testcontainers (docker-java underneath), the way JVM projects use Docker in their tests, against
 * the daemon: see {@link TestcontainersSession}. Ryuk is off (its image would come from Docker Hub);
 * the session removes what it made on close, which this test checks.
 */
@WithLinnet
class TestcontainersEndToEndIT {
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    @TempDir
    static Path work;

    @Test
    void aTestcontainersSessionRunsExecsCopiesAndCleansUp() throws Exception {
        Path home = Files.createDirectories(work.resolve("home")); // no user's ~/.testcontainers.properties
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Commands.Result session = DockerCli.at("unix://" + daemon.socket).withEnv("TESTCONTAINERS_RYUK_DISABLED", "true")
                .withEnv("HOME", home.toString())
                .run(java.toString(), "-Duser.home=" + home, "-cp", classpath, TestcontainersSession.class.getName());
        System.out.println(session.stdout());
        assertEquals(0, session.exitCode(), session.stdout() + session.stderr());
        assertEquals(List.of(), Commands.lines(daemon.docker("ps", "-aq").assertSuccess().stdout()),
                "Testcontainers removed its containers");
        assertEquals(List.of("bridge", "host", "none"),
                Commands.lines(daemon.docker("network", "ls", "--format", "{{.Name}}").assertSuccess().stdout()),
                "and its network");
    }
}
