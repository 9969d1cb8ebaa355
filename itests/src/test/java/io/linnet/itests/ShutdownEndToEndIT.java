package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while clients stream: logs -f, events, attach, an interactive exec and a pull in progress.
 * Each client ends within a bound, the daemon exits 0 within a bound, and its stop throws nothing.
 */
class ShutdownEndToEndIT {

    /** Each client has this long after the daemon got SIGTERM to end. */
    private static final long CLIENT_BOUND_MS = 15_000;
    private static final long DAEMON_BOUND_MS = 20_000;

    @Test
    void sigtermEndsEveryOpenStreamAndTheDaemonExitsCleanly() throws Exception {
        try (SlowRegistry registry = new SlowRegistry()) {
            // live-restore: the containers outlive the daemon (without it SIGTERM stops them: DaemonDefaultsEndToEndIT)
            LinnetDaemon daemon = LinnetDaemon.start("--live-restore");
            Map<String, Process> clients = new LinkedHashMap<>();
            List<ProcessHandle> containers = new ArrayList<>();
            try {
                daemon.loadBusybox(Files.createTempDirectory(daemon.root, "shutdown-"), "shutdown");
                daemon.docker("run", "-d", "--name", "talker", "busybox", "sh", "-c",
                        "while true; do echo tick; sleep 0.2; done").assertSuccess();
                daemon.docker("run", "-d", "-i", "--name", "quiet", "busybox", "cat").assertSuccess();
                for (String name : List.of("talker", "quiet")) {
                    long pid = Long.parseLong(daemon.docker("inspect", "--format", "{{.State.Pid}}", name)
                            .assertSuccess().stdout().trim());
                    ProcessHandle.of(pid).ifPresent(containers::add);
                }
                clients.put("logs -f", client(daemon, "logs", "-f", "talker"));
                clients.put("events", client(daemon, "events"));
                clients.put("attach", client(daemon, "attach", "talker"));
                clients.put("exec -i", client(daemon, "exec", "-i", "quiet", "cat"));
                clients.put("pull", client(daemon, "pull", registry.image()));
                // every stream is open once the pull is stuck in its layer (slower on a loaded machine)
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
                while (!registry.layerStarted() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(500);
                assertTrue(registry.layerStarted(), "the pull reached its layer");
                for (var c : clients.entrySet()) {
                    assertTrue(c.getValue().isAlive(), c.getKey() + " ended early: " + output(c.getValue()));
                }

                long start = System.nanoTime();
                daemon.process().destroy(); // SIGTERM
                for (var c : clients.entrySet()) {
                    long left = CLIENT_BOUND_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    assertTrue(c.getValue().waitFor(Math.max(left, 0), TimeUnit.MILLISECONDS),
                            c.getKey() + " still open " + CLIENT_BOUND_MS + " ms after SIGTERM");
                }
                long left = DAEMON_BOUND_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(daemon.process().waitFor(Math.max(left, 0), TimeUnit.MILLISECONDS),
                        "the daemon still runs " + DAEMON_BOUND_MS + " ms after SIGTERM");
                long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                String log = daemon.logText();
                assertEquals(0, daemon.process().exitValue(), log);
                assertFalse(log.contains("deactivate method has thrown"), log);
                assertFalse(log.contains("SEVERE") || log.contains(" ERROR "), "a clean stop logs no error:\n" + log);
                // the chunked streams ended as finished responses: the CLI's logs -f and events exit 0
                assertEquals(0, clients.get("logs -f").exitValue(), output(clients.get("logs -f")));
                assertEquals(0, clients.get("events").exitValue(), output(clients.get("events")));
                assertTrue(output(clients.get("logs -f")).contains("tick"));
                // the stop order: API first, then the engine, then containerd
                int api = log.indexOf("API stopped");
                int containerd = log.indexOf("stopping containerd");
                assertTrue(api >= 0 && containerd > api, log);
                System.out.println("daemon stopped " + stopMs + " ms after SIGTERM; "
                        + log.substring(api, log.indexOf('\n', api)));
                containers.forEach(p -> assertTrue(p.isAlive(), "containers outlive the daemon"));
            } finally {
                clients.values().forEach(Process::destroyForcibly);
                daemon.close();
                containers.forEach(ProcessHandle::destroyForcibly);
                daemon.strays().forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static Process client(LinnetDaemon daemon, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(daemon.cli().env());
        pb.redirectOutput(Files.createTempFile(daemon.root, "client-", ".out").toFile());
        Process p = pb.start(); // stdin stays open: attach and exec -i keep their sessions
        outputs.put(p, pb.redirectOutput().file().toPath());
        return p;
    }

    private static final Map<Process, Path> outputs = new java.util.concurrent.ConcurrentHashMap<>();

    private static String output(Process p) {
        try {
            return Files.readString(outputs.get(p));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * A registry on loopback whose one image has a layer that never finishes downloading. Plain
     * sockets: the daemon tries TLS first on loopback and must see that refused at once.
     */
    private static final class SlowRegistry implements AutoCloseable {
        private final ServerSocket server;
        private final byte[] config;
        private final String configDigest;
        private final String layerDigest = "sha256:" + "ab".repeat(32);
        private final byte[] manifest;
        private final String manifestDigest;
        private volatile boolean layerStarted;

        SlowRegistry() throws Exception {
            config = """
                    {"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["%s"]}}"""
                    .formatted(layerDigest).getBytes(StandardCharsets.UTF_8);
            configDigest = digest(config);
            manifest = """
                    {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
                    "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":%d,"digest":"%s"},
                    "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":100000000,"digest":"%s"}]}"""
                    .formatted(config.length, configDigest, layerDigest).getBytes(StandardCharsets.UTF_8);
            manifestDigest = digest(manifest);
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread t = new Thread(() -> serve(socket), "slow-registry");
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "slow-registry-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String image() {
            return "127.0.0.1:" + server.getLocalPort() + "/slow:latest";
        }

        boolean layerStarted() {
            return layerStarted;
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                int first = in.read();
                if (first < 0 || first == 0x16) {
                    return; // a TLS handshake: this registry speaks plain HTTP
                }
                StringBuilder head = new StringBuilder().append((char) first);
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.append((char) b);
                }
                String[] line = head.toString().split(" ", 3);
                boolean isHead = line[0].equals("HEAD");
                String path = line[1];
                if (path.equals("/v2/")) {
                    send(out, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), "", isHead);
                } else if (path.contains("/manifests/")) {
                    send(out, 200, "application/vnd.docker.distribution.manifest.v2+json", manifest,
                            "Docker-Content-Digest: " + manifestDigest + "\r\n", isHead);
                } else if (path.endsWith(configDigest)) {
                    send(out, 200, "application/octet-stream", config, "", isHead);
                } else if (path.endsWith(layerDigest) && !isHead) {
                    layerStarted = true;
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                            + "Content-Length: 100000000\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});
                    out.flush();
                    for (int i = 0; i < 600; i++) { // a byte a second: in progress for the whole test
                        Thread.sleep(1000);
                        out.write(0);
                        out.flush();
                    }
                } else {
                    send(out, 404, "application/json", "{\"errors\":[]}".getBytes(StandardCharsets.UTF_8), "", isHead);
                }
            } catch (InterruptedException | IOException e) {
                // the daemon went away mid-layer
            }
        }

        private static void send(OutputStream out, int status, String type, byte[] body, String headers,
                boolean head) throws IOException {
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
                    + "\r\nDocker-Distribution-API-Version: registry/2.0\r\nConnection: close\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            if (!head) {
                out.write(body);
            }
            out.flush();
        }

        private static String digest(byte[] data) throws Exception {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
