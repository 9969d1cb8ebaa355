package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docker-py, the Python Docker SDK this kind of machine ships (pip's docker 7.x), drives a whole
 * session against the daemon: run, logs, exec, archives, networks, build, save/load, push/pull
 * through a local registry, events and prune (see resources/dockerpy/client_session.py).
 */
@WithLinnet(registry = true)
class DockerPyEndToEndIT {
    @WithLinnet.Inject
    private static LinnetDaemon daemon;
    @WithLinnet.Inject
    private static LocalRegistry registry;

    @Test
    void aDockerPySessionWorksFromRunToPushAndPull() throws Exception {
        Path script = Path.of(DockerPyEndToEndIT.class.getResource("/dockerpy/client_session.py").toURI());
        Commands.Result session = DockerCli.at("unix://" + daemon.socket).withEnv("REGISTRY", registry.host)
                .withEnv("PYTHONUNBUFFERED", "1").run("python3", script.toString());
        System.out.println(session.stdout());
        assertEquals(0, session.exitCode(), session.stdout() + session.stderr());
    }
}
