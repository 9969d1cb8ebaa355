package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code linnetd admin} against the running daemon, as an operator uses it: list bundles and
 * features, stop and start an API group (404 meanwhile), swap an endpoint bundle while other
 * groups are hammered (none fails), swap the engine bundle with a container running (it keeps
 * running and is served again), and a non-root caller refused.
 */
@WithLinnet
class AdminEndToEndIT {
    private static final Path HOME = Path.of(System.getProperty("linnet.distribution", "../distribution/target/linnet"));

    @WithLinnet.Inject
    static LinnetDaemon daemon;

    private static Commands.Result admin(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(HOME.resolve("bin/linnetd").toString(), "admin",
                "--exec-root", daemon.execRoot.toString()));
        args.addAll(List.of(command));
        return Commands.run(Map.of(), args);
    }

    @Test
    void bundlesAndFeaturesAreListedWithStateAndVersion() throws Exception {
        Commands.Result bundles = admin("bundles").assertSuccess();
        assertTrue(Pattern.compile("(?m)^\\d+\\s+Active\\s+io\\.linnet\\.api-volumes\\s+\\d+\\.\\d+\\.\\d+\\S*$")
                .matcher(bundles.stdout()).find(), bundles.stdout());
        assertTrue(bundles.stdout().contains("org.apache.felix.scr"), bundles.stdout());
        Commands.Result features = admin("features").assertSuccess();
        assertTrue(Pattern.compile("(?m)^linnet-default\\s+Active\\s+.*\\(launched\\)$").matcher(features.stdout()).find(),
                features.stdout());
        assertTrue(Pattern.compile("(?m)^linnet-api-volumes\\s+Active\\s+1/1\\s").matcher(features.stdout()).find(),
                features.stdout());
    }

    @Test
    void aStoppedApiGroupAnswersPageNotFoundAndStartsAgain() throws Exception {
        admin("stop", "linnet-api-volumes").assertSuccess();
        try {
            // the HTTP host rebuilds its application a moment after the bundle stopped
            Commands.Result ls = daemon.docker("volume", "ls");
            for (long deadline = System.nanoTime() + 2_000_000_000L; ls.exitCode() == 0 && System.nanoTime() < deadline; ) {
                Thread.sleep(50);
                ls = daemon.docker("volume", "ls");
            }
            assertNotEquals(0, ls.exitCode());
            assertTrue(ls.stderr().contains("page not found"), ls.stderr());
            daemon.docker("ps").assertSuccess();
            Commands.Result features = admin("features").assertSuccess();
            assertTrue(Pattern.compile("(?m)^linnet-api-volumes\\s+Stopped\\s+0/1\\s").matcher(features.stdout()).find(),
                    features.stdout());
        } finally {
            admin("start", "linnet-api-volumes").assertSuccess();
        }
        daemon.docker("volume", "ls").assertSuccess();
    }

    @Test
    void anEndpointBundleIsSwappedWhileOtherGroupsServeEveryRequest() throws Exception {
        Map<String, AtomicInteger> failed = new ConcurrentHashMap<>();
        AtomicInteger served = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (String path : List.of("/containers/json", "/images/json", "/networks", "/_ping")) {
            Thread t = new Thread(() -> {
                UnixHttp http = new UnixHttp(daemon.socket);
                while (running.get()) {
                    try {
                        int status = http.get(path).status();
                        if (status == 200) {
                            served.incrementAndGet();
                        } else {
                            failed.computeIfAbsent(path + " " + status, k -> new AtomicInteger()).incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.computeIfAbsent(path + " " + e, k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            });
            t.start();
            clients.add(t);
        }
        try {
            Thread.sleep(500);
            Commands.Result swap = admin("update", "io.linnet.api-volumes").assertSuccess();
            Matcher took = Pattern.compile("in (\\d+) ms").matcher(swap.stdout());
            assertTrue(took.find(), swap.stdout());
            assertTrue(Long.parseLong(took.group(1)) < 1000, swap.stdout());
            Thread.sleep(500);
        } finally {
            running.set(false);
            for (Thread t : clients) {
                t.join(10_000);
            }
        }
        assertEquals(Map.of(), Map.copyOf(failed), "failed requests outside the swapped group");
        assertTrue(served.get() > 20, "served " + served.get());
        daemon.docker("volume", "ls").assertSuccess();
    }

    @Test
    void theEngineBundleIsSwappedAndItsContainersKeepRunning() throws Exception {
        String id = daemon.docker("run", "-d", "busybox", "sleep", "600").assertSuccess().stdout().trim();
        admin("update", "io.linnet.containerd-runtime").assertSuccess();
        // right after the swap: 503 (try again) for a moment, never 404 or 500; then served, the container running
        UnixHttp.Reply inspect = daemon.http().get("/containers/" + id + "/json");
        for (long deadline = System.nanoTime() + 2_000_000_000L; inspect.status() == 503 && System.nanoTime() < deadline; ) {
            Thread.sleep(20);
            inspect = daemon.http().get("/containers/" + id + "/json");
        }
        assertEquals(200, inspect.status(), inspect.body());
        assertTrue(inspect.body().contains("\"Running\":true"), inspect.body());
        assertEquals("hi", daemon.docker("exec", id, "echo", "hi").assertSuccess().stdout().trim());
    }

    @Test
    void aCallerWhoIsNotRootIsRefused() throws Exception {
        // uid 65534 with the right to pass the exec root's 0700 and the socket's 0600: only the peer check stops it
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=+dac_override", "--ambient-caps=+dac_override", HOME.resolve("bin/linnetd").toString(),
                "admin", "--exec-root", daemon.execRoot.toString(), "bundles"));
        Commands.Result refused = Commands.run(Map.of(), command);
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("root only"), refused.stderr());
        assertTrue(refused.stdout().isEmpty(), refused.stdout());
    }

    @Test
    void aJarDroppedIntoDeployWithAHigherVersionUpdatesTheShippedBundleInPlace() throws Exception {
        Path shipped;
        try (var jars = java.nio.file.Files.walk(HOME.resolve("repository/io/linnet/api-volumes"))) {
            shipped = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        Path dropped = HOME.resolve("deploy/api-volumes-9.0.0.jar");
        withVersion(shipped, "9.0.0", dropped);
        try {
            awaitVolumesBundle("9\\.0\\.0");
            awaitVolumesServed();
        } finally {
            java.nio.file.Files.deleteIfExists(dropped);
        }
        awaitVolumesBundle("0\\.1\\.0\\.SNAPSHOT");
        awaitVolumesServed();
    }

    /**
     * docker volume ls answers within 10 s: the active revision's resources are served once the
     * host has rebuilt its application after FileInstall's update or revert.
     */
    private static void awaitVolumesServed() throws Exception {
        Commands.Result ls = daemon.docker("volume", "ls");
        for (long deadline = System.nanoTime() + 10_000_000_000L; ls.exitCode() != 0 && System.nanoTime() < deadline; ) {
            Thread.sleep(200);
            ls = daemon.docker("volume", "ls");
        }
        ls.assertSuccess();
    }

    /** One bundle io.linnet.api-volumes, in that version, within 10 s (FileInstall polls every second). */
    private static void awaitVolumesBundle(String versionPattern) throws Exception {
        Pattern line = Pattern.compile("(?m)^\\d+\\s+Active\\s+io\\.linnet\\.api-volumes\\s+" + versionPattern + "$");
        String bundles = "";
        for (long deadline = System.nanoTime() + 10_000_000_000L; System.nanoTime() < deadline; Thread.sleep(200)) {
            bundles = admin("bundles").assertSuccess().stdout();
            if (line.matcher(bundles).find() && bundles.split("io\\.linnet\\.api-volumes\\s", -1).length == 2) {
                return;
            }
        }
        throw new AssertionError("api-volumes not (only) at " + versionPattern + ":\n" + bundles);
    }

    private static void withVersion(Path jar, String version, Path target) throws Exception {
        try (var in = new java.util.jar.JarInputStream(java.nio.file.Files.newInputStream(jar))) {
            java.util.jar.Manifest manifest = in.getManifest();
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(tmp), manifest)) {
                for (var entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new java.util.jar.JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            // FileInstall watches *.jar: the jar appears whole
            java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
