package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reaching registries as dockerd does, with the real docker CLI: registry mirrors for Docker Hub
 * images (no internet needed: the mirror is a local docker-registry), insecure registries by CIDR
 * on a non-loopback address of this host, {@code docker pull -a}, and a pull whose connection
 * breaks in the middle of a layer.
 */
@WithLinnet(busybox = false, argsFrom = "startRegistries")
class RegistryAccessEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @WithLinnet.Inject
    private static LinnetDaemon daemon;
    private static LocalRegistry mirror;
    /** A mirror that has busybox:1's manifest but lost its layer. */
    private static LocalRegistry broken;
    private static LocalRegistry outside;
    private static String hostAddress;
    private static String hostNetwork;
    private static int deadMirrorPort;

    @TempDir
    static Path work;

    /** Starts the registries, before the daemon that is given their addresses: its arguments. */
    static List<String> startRegistries() throws Exception {
        mirror = LocalRegistry.start(work.resolve("mirror"), null);
        LocalRegistry.seed(mirror, "library/busybox", "1");
        broken = LocalRegistry.start(work.resolve("broken"), null);
        broken.deleteBlob("library/busybox", LocalRegistry.seed(broken, "library/busybox", "1").layerDigest());
        InterfaceAddress external = nonLoopbackAddress();
        if (external != null) {
            hostAddress = external.getAddress().getHostAddress();
            hostNetwork = network(external);
            outside = LocalRegistry.start(work.resolve("outside"), null, hostAddress, null);
            LocalRegistry.seed(outside, "busybox", "1");
        }
        deadMirrorPort = LocalRegistry.freePort();
        List<String> args = new ArrayList<>(List.of("--max-download-attempts", "2",
                "--registry-mirror", "http://127.0.0.1:" + deadMirrorPort, "--registry-mirror", "http://" + broken.host,
                "--registry-mirror", "http://" + mirror.host));
        if (hostNetwork != null) {
            args.addAll(List.of("--insecure-registry", hostNetwork, "--insecure-registry", "myhost:5000"));
        }
        return args;
    }

    @AfterAll
    static void stop() throws Exception {
        if (mirror != null) {
            mirror.close();
        }
        if (outside != null) {
            outside.close();
        }
        if (broken != null) {
            broken.close();
        }
    }

    /** An IPv4 address of this host that is not loopback and not a container bridge. */
    static InterfaceAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            String name = nic.getName();
            if (!nic.isUp() || nic.isLoopback() || name.startsWith("linnet") || name.startsWith("docker")
                    || name.startsWith("br-") || name.startsWith("veth") || name.startsWith("cni")) {
                continue;
            }
            for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                if (a.getAddress() instanceof Inet4Address && !a.getAddress().isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        return null;
    }

    static String network(InterfaceAddress a) {
        byte[] b = a.getAddress().getAddress();
        int prefix = a.getNetworkPrefixLength();
        for (int i = 0; i < b.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] = (byte) (b[i] & (0xff << (8 - bits)));
        }
        try {
            return InetAddress.getByAddress(b).getHostAddress() + "/" + prefix;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void dockerHubPullsComeFromTheMirrorsInOrderWithoutInternet() throws Exception {
        Commands.Result info = daemon.docker("info");
        assertTrue(info.stdout().contains(" Registry Mirrors:\n  http://127.0.0.1:" + deadMirrorPort + "/\n  http://"
                + broken.host + "/\n  http://" + mirror.host + "/\n"), info.stdout());
        JsonNode config = JSON.readTree(daemon.http().get("/info").body()).path("RegistryConfig");
        assertEquals(List.of("http://127.0.0.1:" + deadMirrorPort + "/", "http://" + broken.host + "/",
                "http://" + mirror.host + "/"), strings(config.path("Mirrors")));
        assertEquals(strings(config.path("Mirrors")), strings(config.path("IndexConfigs").path("docker.io")
                .path("Mirrors")));
        assertTrue(config.path("IndexConfigs").path("docker.io").path("Secure").asBoolean());
        assertTrue(config.path("IndexConfigs").path("docker.io").path("Official").asBoolean());

        // the first mirror refuses connections, the second lost the layer: the third serves the pull
        Commands.Result pull = daemon.docker("pull", "busybox:1");
        try {
            assertEquals(0, pull.exitCode(), pull.stdout() + pull.stderr() + daemon.logText());
            assertTrue(pull.stdout().startsWith("1: Pulling from library/busybox\n"), pull.stdout());
            assertTrue(pull.stdout().contains("Status: Downloaded newer image for busybox:1\n"), pull.stdout());
            assertTrue(pull.stdout().endsWith("docker.io/library/busybox:1\n"), pull.stdout());
            assertEquals("busybox:1", daemon.docker("image", "inspect", "-f", "{{index .RepoTags 0}}", "busybox:1")
                    .assertSuccess().stdout().trim());
            // a tag neither mirror has: the error is registry-1.docker.io's (no internet here, or not found)
            Commands.Result missing = daemon.docker("pull", "busybox:no-such-tag-here");
            assertNotEquals(0, missing.exitCode());
            assertTrue(missing.stderr().startsWith("Error response from daemon: "), missing.stderr());
            assertTrue(missing.stderr().contains("registry-1.docker.io") || missing.stderr().contains("not found"),
                    missing.stderr());
        } finally {
            daemon.docker("rmi", "busybox:1");
        }
    }

    @Test
    void insecureRegistriesByCidrAndNameAsDockerdShowsThem() throws Exception {
        assumeTrue(hostNetwork != null, "this host has no non-loopback IPv4 address");
        JsonNode config = JSON.readTree(daemon.http().get("/info").body()).path("RegistryConfig");
        assertEquals(List.of(hostNetwork, "127.0.0.0/8"), strings(config.path("InsecureRegistryCIDRs")));
        JsonNode named = config.path("IndexConfigs").path("myhost:5000");
        assertEquals("myhost:5000", named.path("Name").asText());
        assertFalse(named.path("Secure").asBoolean(true));
        assertFalse(named.path("Official").asBoolean(true));
        assertEquals(0, named.path("Mirrors").size());
        Commands.Result info = daemon.docker("info");
        assertTrue(info.stdout().contains(" Insecure Registries:\n  myhost:5000\n  " + hostNetwork
                + "\n  127.0.0.0/8\n"), info.stdout());

        // in the insecure network: HTTPS fails, plain HTTP serves the pull
        String ref = outside.host + "/busybox:1";
        Commands.Result pull = daemon.docker("pull", ref);
        try {
            assertEquals(0, pull.exitCode(), pull.stdout() + pull.stderr());
            assertTrue(pull.stdout().contains("Status: Downloaded newer image for " + ref + "\n"), pull.stdout());
        } finally {
            daemon.docker("rmi", ref);
        }

        // a daemon without that network configured refuses the plain-HTTP registry as dockerd does
        try (LinnetDaemon strict = LinnetDaemon.start()) {
            Commands.Result refused = strict.docker("pull", ref);
            assertNotEquals(0, refused.exitCode());
            assertEquals("Error response from daemon: Get \"https://" + outside.host
                    + "/v2/\": http: server gave HTTP response to HTTPS client\n", refused.stderr());
            JsonNode plain = JSON.readTree(strict.http().get("/info").body()).path("RegistryConfig");
            assertEquals(List.of("127.0.0.0/8"), strings(plain.path("InsecureRegistryCIDRs")));
            assertEquals(List.of(), strings(plain.path("Mirrors")));
            Commands.run("rm", "-rf", strict.root.toString());
        }
    }

    @Test
    void pullAllTagsPullsEveryTagThenOneStatus() throws Exception {
        LocalRegistry.seed(mirror, "every", "1");
        LocalRegistry.seed(mirror, "every", "2");
        String repo = mirror.host + "/every";
        // what the CLI sends for -a: fromImage without a tag
        Commands.Result pull = daemon.docker("pull", "-a", repo);
        try {
            assertEquals(0, pull.exitCode(), pull.stdout() + pull.stderr());
            List<String> lines = Commands.lines(pull.stdout());
            // in the registry's order, as dockerd (docker-registry lists these two as 2, 1)
            List<String> listed = strings(JSON.readTree(Commands.run("curl", "-s", "http://" + mirror.host
                    + "/v2/every/tags/list").stdout()).path("tags"));
            assertEquals(2, listed.size(), listed.toString());
            assertEquals(listed.get(0) + ": Pulling from every", lines.get(0), pull.stdout());
            assertTrue(lines.indexOf(listed.get(1) + ": Pulling from every") > 0, pull.stdout());
            assertEquals(2, lines.stream().filter(l -> l.startsWith("Digest: sha256:")).count(), pull.stdout());
            assertEquals(1, lines.stream().filter(l -> l.startsWith("Status: ")).count(), pull.stdout());
            assertTrue(lines.contains("Status: Downloaded newer image for " + repo), pull.stdout());
            assertEquals(repo, lines.get(lines.size() - 1), pull.stdout());
            Commands.Result images = daemon.docker("images", "--format", "{{.Repository}}:{{.Tag}}", repo);
            assertEquals(List.of(repo + ":1", repo + ":2"), Commands.lines(images.stdout()).stream().sorted().toList());
            // again: nothing new
            Commands.Result again = daemon.docker("pull", "--all-tags", repo);
            assertTrue(again.stdout().contains("Status: Image is up to date for " + repo + "\n"), again.stdout());
            // the CLI itself refuses a tag with -a
            Commands.Result tagged = daemon.docker("pull", "-a", repo + ":1");
            assertNotEquals(0, tagged.exitCode());
        } finally {
            daemon.docker("rmi", repo + ":1", repo + ":2");
        }
    }

    @Test
    void aPullWhoseRegistryDiesMidLayerFailsCleanlyAndARetrySucceeds() throws Exception {
        byte[] layer = randomLayer(12 * 1024 * 1024, 42);
        byte[] gz = gzip(layer);
        byte[] config = TestImages.config("sha256:" + TestImages.sha256(layer), Map.of(), List.of("sh"));
        LocalRegistry.seedImage(mirror, "big", "1", gz, config);
        try (DroppingProxy proxy = new DroppingProxy(mirror.host, 4 * 1024 * 1024)) {
            String repo = "127.0.0.1:" + proxy.port() + "/big";
            String ref = repo + ":1";
            String expectedId = "sha256:" + TestImages.sha256(config);
            // the registry goes away after 4 MB of the layer and stays away: one retry (this daemon
            // has --max-download-attempts 2) after dockerd's 5 s countdown, then the pull fails
            proxy.killing.set(true);
            Commands.Result raw = daemon.curl("-X", "POST", "http://localhost/v1.43/images/create?fromImage="
                    + repo + "&tag=1");
            List<String> lines = Commands.lines(raw.stdout());
            JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
            assertTrue(last.has("errorDetail"), raw.stdout());
            assertFalse(last.path("error").asText().isEmpty(), raw.stdout());
            assertTrue(raw.stdout().contains("\"Downloading\""), raw.stdout());
            assertTrue(raw.stdout().contains("\"Retrying in 5 seconds\""), raw.stdout());
            assertTrue(raw.stdout().contains("\"Retrying in 1 second\""), raw.stdout());
            assertEquals("", daemon.docker("images", "-q", repo).stdout().trim());
            assertEquals(1, daemon.docker("image", "inspect", expectedId).exitCode());

            // the registry is back: the retry succeeds with the same image
            proxy.killing.set(false);
            proxy.dead.set(false);
            Commands.Result retry = daemon.docker("pull", ref);
            assertEquals(0, retry.exitCode(), retry.stdout() + retry.stderr() + daemon.logText());
            assertEquals(expectedId, daemon.docker("image", "inspect", "-f", "{{.Id}}", ref).assertSuccess()
                    .stdout().trim());
            // a second pull transfers nothing: no layer bytes through the proxy, nothing downloaded
            long before = proxy.bytes.get();
            Commands.Result again = daemon.docker("pull", ref);
            assertTrue(again.stdout().contains("Status: Image is up to date for " + ref + "\n"), again.stdout());
            assertFalse(again.stdout().contains("Downloading") || again.stdout().contains("Pull complete"),
                    again.stdout());
            assertTrue(proxy.bytes.get() - before < 64 * 1024, "bytes sent: " + (proxy.bytes.get() - before));
            daemon.docker("rmi", ref).assertSuccess();
        }
    }

    @Test
    void aBrokenConnectionResumesAndAlteredBytesAreRefused() throws Exception {
        byte[] layer = randomLayer(10 * 1024 * 1024, 43);
        byte[] gz = gzip(layer);
        byte[] config = TestImages.config("sha256:" + TestImages.sha256(layer), Map.of(), List.of("sh"));
        LocalRegistry.seedImage(mirror, "flaky", "1", gz, config);
        try (DroppingProxy proxy = new DroppingProxy(mirror.host, 3 * 1024 * 1024)) {
            String ref = "127.0.0.1:" + proxy.port() + "/flaky:1";
            // bytes altered on the way: containerd's digest check refuses the layer, dockerd's words
            proxy.corrupting.set(true);
            Commands.Result corrupt = daemon.docker("pull", ref);
            assertNotEquals(0, corrupt.exitCode(), corrupt.stdout());
            assertTrue(corrupt.stderr().contains("filesystem layer verification failed for digest sha256:"
                    + TestImages.sha256(gz)), corrupt.stderr());
            assertEquals("", daemon.docker("images", "-q", "127.0.0.1:" + proxy.port() + "/flaky").stdout().trim());

            // one connection breaks after 3 MB: dockerd's retry line, then the download goes on from there
            proxy.corrupting.set(false);
            proxy.dropOnce.set(true);
            long before = proxy.bytes.get();
            Commands.Result pull = daemon.docker("pull", ref);
            assertEquals(0, pull.exitCode(), pull.stdout() + pull.stderr() + daemon.logText());
            assertTrue(pull.stdout().contains(": Retrying in 5 seconds\n"), pull.stdout());
            assertEquals("sha256:" + TestImages.sha256(config), daemon.docker("image", "inspect", "-f", "{{.Id}}",
                    ref).assertSuccess().stdout().trim());
            long sent = proxy.bytes.get() - before;
            assertTrue(sent < gz.length + 1024 * 1024, "resumed, not started over: " + sent + " bytes for "
                    + gz.length);
            daemon.docker("rmi", ref).assertSuccess();
        }
    }

    @Test
    void tokenAuthLoginPushPullWithScopesAndDockerdsErrors() throws Exception {
        try (TokenServer tokens = new TokenServer(work.resolve("tokens"), "alice", "wonderland");
                LocalRegistry registry = LocalRegistry.start(work.resolve("token-registry"), null, "127.0.0.1",
                        tokens.registryYaml())) {
            String host = registry.host;
            // a wrong password: the token server refuses it, dockerd's text
            Commands.Result wrong = daemon.docker("login", "-u", "alice", "-p", "nope", host);
            assertNotEquals(0, wrong.exitCode());
            assertEquals("Error response from daemon: Get \"http://" + host + "/v2/\": unauthorized: incorrect "
                    + "username or password\n", wrong.stderr().replaceFirst("(?s)^WARNING![^\n]*\n", ""));

            Commands.Result login = daemon.docker("login", "-u", "alice", "-p", "wonderland", host);
            assertEquals(0, login.exitCode(), login.stdout() + login.stderr());
            assertTrue(login.stdout().contains("Login Succeeded"), login.stdout());
            String stored = Files.readString(daemon.root.resolve("docker-config/config.json"));
            // the token server gave a refresh token: the CLI keeps it instead of the password
            assertTrue(stored.contains("\"identitytoken\""), stored);
            assertTrue(tokens.requests.stream().anyMatch(r -> r.startsWith("GET ") && r.contains("offline_token=true")),
                    tokens.requests.toString());

            daemon.loadBusybox(Files.createDirectories(work.resolve("token-busybox")), "token");
            String ref = host + "/private/app:1";
            daemon.docker("tag", "busybox:latest", ref).assertSuccess();
            Commands.Result push = daemon.docker("push", ref);
            assertEquals(0, push.exitCode(), push.stdout() + push.stderr() + daemon.logText());
            assertTrue(tokens.requests.stream().anyMatch(r -> r.contains("scope=repository%3Aprivate%2Fapp%3Apush%2Cpull")),
                    tokens.requests.toString());
            // with the identity token, the daemon asks with the refresh-token grant
            assertTrue(tokens.requests.stream().anyMatch(r -> r.startsWith("POST ")
                    && r.contains("grant_type=refresh_token")), tokens.requests.toString());

            String id = daemon.docker("image", "inspect", "-f", "{{.Id}}", ref).assertSuccess().stdout().trim();
            daemon.docker("rmi", ref).assertSuccess();
            tokens.requests.clear();
            Commands.Result pull = daemon.docker("pull", ref);
            assertEquals(0, pull.exitCode(), pull.stdout() + pull.stderr() + daemon.logText());
            assertEquals(id, daemon.docker("image", "inspect", "-f", "{{.Id}}", ref).assertSuccess().stdout().trim());
            // a pull asks for pull access to that repository only
            assertTrue(tokens.requests.stream().allMatch(r -> !r.contains("push")), tokens.requests.toString());
            assertTrue(tokens.requests.stream().anyMatch(r -> r.contains("private%2Fapp%3Apull")
                    || r.contains("private/app:pull")), tokens.requests.toString());
            daemon.docker("rmi", ref).assertSuccess();

            // anonymous: the token grants nothing, the registry refuses, dockerd's text and no login prompt
            daemon.docker("logout", host).assertSuccess();
            Commands.Result anonymous = daemon.docker("pull", ref);
            assertNotEquals(0, anonymous.exitCode());
            assertEquals("Error response from daemon: pull access denied for " + host + "/private/app, repository does "
                    + "not exist or may require 'docker login': denied: requested access to the resource is denied\n",
                    anonymous.stderr());
            assertEquals(1, daemon.docker("image", "inspect", ref).exitCode());
        }
    }

    static byte[] randomLayer(int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new java.util.Random(seed).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 4096);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry e = new TarArchiveEntry("random.bin");
            e.setSize(size);
            e.setMode(0644);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream(data.length + 65536);
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(data);
        }
        return gz.toByteArray();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * A TCP proxy to a registry that can cut a response after {@code limit} bytes (once, or for good:
     * it then refuses every connection, a registry that died mid-layer) or alter the byte at that offset.
     */
    static final class DroppingProxy implements AutoCloseable {
        /** While set, one byte past the limit is flipped in what reaches the client. */
        final AtomicBoolean corrupting = new AtomicBoolean();
        /** While set, the first connection past the limit is cut and the proxy is {@code dead} from then on. */
        final AtomicBoolean killing = new AtomicBoolean();
        /** While set, every new connection is closed at once: the registry is away. */
        final AtomicBoolean dead = new AtomicBoolean();
        /** While set, the next connection past the limit is cut (once). */
        final AtomicBoolean dropOnce = new AtomicBoolean();
        final AtomicLong bytes = new AtomicLong();
        private final ServerSocket server;
        private final String target;
        private final long limit;
        private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());

        DroppingProxy(String target, long limit) throws IOException {
            this.target = target;
            this.limit = limit;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::accept, "dropping-proxy");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    if (dead.get()) {
                        closeQuietly(client);
                        continue;
                    }
                    String[] hp = target.split(":");
                    Socket upstream = new Socket(hp[0], Integer.parseInt(hp[1]));
                    open.add(client);
                    open.add(upstream);
                    AtomicLong response = new AtomicLong();
                    pipe(client.getInputStream(), upstream.getOutputStream(), client, upstream, response, false);
                    pipe(upstream.getInputStream(), client.getOutputStream(), client, upstream, response, true);
                } catch (IOException e) {
                    return;
                }
            }
        }

        /**
         * Copies one direction of a connection. {@code response} counts the bytes of the response
         * under way: a request from the client (HTTP/1.1, one at a time) starts a new one.
         */
        private void pipe(InputStream in, OutputStream out, Socket a, Socket b, AtomicLong response, boolean toClient) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[64 * 1024];
                try {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        if (!toClient) {
                            response.set(0);
                            out.write(buf, 0, n);
                            out.flush();
                            continue;
                        }
                        long passed = response.get();
                        if (corrupting.get() && passed <= limit && passed + n > limit) {
                            buf[(int) (limit - passed)] ^= 0x5a;
                        }
                        out.write(buf, 0, n);
                        out.flush();
                        bytes.addAndGet(n);
                        passed = response.addAndGet(n);
                        if (passed > limit && (killing.get() || dropOnce.getAndSet(false))) {
                            if (killing.get()) {
                                dead.set(true);
                            }
                            break;
                        }
                    }
                } catch (IOException ignored) {
                    // either side went away
                } finally {
                    closeQuietly(a);
                    closeQuietly(b);
                }
            }, "dropping-proxy-pipe");
            t.setDaemon(true);
            t.start();
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (open) {
                open.forEach(DroppingProxy::closeQuietly);
            }
        }
    }
}
