package io.linnet.itests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * What a Testcontainers user does, run by {@link TestcontainersEndToEndIT} in a JVM of its own
 * (Testcontainers finds the daemon through DOCKER_HOST, read once per JVM). Exits non-zero with
 * the failure on its output.
 */
public final class TestcontainersSession {

    private TestcontainersSession() {
    }

    public static void main(String[] args) throws Exception {
        DockerImageName busybox = DockerImageName.parse("busybox:latest");
        var info = DockerClientFactory.instance().client().infoCmd().exec();
        expect("linux", info.getOsType(), "info OSType");
        System.out.println("ok the client found the daemon: " + DockerClientFactory.instance().getActiveApiVersion());

        try (Network network = Network.newNetwork();
                GenericContainer<?> web = new GenericContainer<>(busybox)
                        .withCommand("sh", "-c", "echo ready; exec httpd -f -p 8080 -h /www")
                        .withExposedPorts(8080)
                        .withEnv("GREETING", "hi")
                        .withNetwork(network)
                        .withNetworkAliases("web")
                        .withCopyToContainer(Transferable.of("hello from testcontainers"), "/www/index.html")
                        .waitingFor(Wait.forLogMessage("ready\\n", 1).withStartupTimeout(Duration.ofSeconds(60)))) {
            web.start();
            String url = "http://" + web.getHost() + ":" + web.getMappedPort(8080) + "/index.html";
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            expect("hello from testcontainers", page.body(), "the page through the mapped port");
            System.out.println("ok a container started, waited for by its log, serves on its mapped port");

            ExecResult exec = web.execInContainer("sh", "-c", "echo $GREETING; echo oops >&2; exit 3");
            expect("hi\n", exec.getStdout(), "exec stdout");
            expect("oops\n", exec.getStderr(), "exec stderr");
            expect(3, exec.getExitCode(), "exec exit code");
            System.out.println("ok execInContainer gives stdout, stderr and the exit code");

            expect(true, web.getLogs().contains("ready"), "logs contain ready");
            String copied = web.copyFileFromContainer("/www/index.html",
                    in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            expect("hello from testcontainers", copied, "copyFileFromContainer");
            System.out.println("ok logs and copying a file back");

            try (GenericContainer<?> client = new GenericContainer<>(busybox)
                    .withNetwork(network)
                    .withCommand("sh", "-c", "wget -qO- http://web:8080/index.html; echo; sleep 60")
                    .waitingFor(Wait.forLogMessage(".*hello from testcontainers.*\\n", 1)
                            .withStartupTimeout(Duration.ofSeconds(60)))) {
                client.start();
                System.out.println("ok a second container reaches the first by its network alias");
            }
        }
        System.out.println("ok containers and the network were removed on close");
    }

    private static void expect(Object expected, Object actual, String what) {
        if (!expected.equals(actual)) {
            throw new AssertionError(what + ": expected <" + expected + "> but was <" + actual + ">");
        }
    }
}
