package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-py, the Python Docker SDK this kind of machine ships (pip's docker 7.x), drives a whole
 * session against the daemon: run, logs, exec, archives, networks, build, save/load, push/pull
 * through a local registry, events and prune (see resources/dockerpy/client_session.py).
 */
class DockerPyEndToEndIT {
    private static LinnetDaemon daemon;
    private static LocalRegistry registry;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        registry = LocalRegistry.start(work.resolve("registry"), null);
        daemon = LinnetDaemon.start();
        daemon.loadBusybox(work, "dockerpy");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (daemon != null) {
                daemon.removeAllContainers();
                daemon.close();
            }
        } finally {
            if (registry != null) {
                registry.close();
            }
        }
    }

    @Test
    void aDockerPySessionWorksFromRunToPushAndPull() throws Exception {
        Path script = work.resolve("client_session.py");
        try (var in = DockerPyEndToEndIT.class.getResourceAsStream("/dockerpy/client_session.py")) {
            Files.copy(in, script);
        }
        Commands.Result session = Commands.run(Map.of("DOCKER_HOST", "unix://" + daemon.socket,
                "REGISTRY", registry.host, "PYTHONUNBUFFERED", "1"), List.of("python3", script.toString()));
        System.out.println(session.stdout());
        assertEquals(0, session.exitCode(), session.stdout() + session.stderr());
    }
}
