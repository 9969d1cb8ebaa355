package io.linnet.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.linnet.features.Feature;
import io.linnet.features.FeatureCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;

/**
 * Pax Exam options that boot the bundles of some features of the assembled distribution in Felix,
 * configured and started as linnetd does (a managed containerd in temporary roots, libraries first,
 * then the HTTP host, then Linnet's other bundles), with the API on a socket of their own.
 */
final class PaxExamDaemon {
    static final String SOCKET_PROPERTY = "linnet.itest.socket";

    private PaxExamDaemon() {
    }

    static Path distribution() {
        return Path.of(System.getProperty("linnet.distribution", "../distribution/target/linnet"));
    }

    /** The options for the named features (and those they need). */
    static Option[] options(List<String> features) throws IOException {
        Path root = Files.createTempDirectory("linnet-paxexam-");
        Path socket = root.resolve("api.sock");
        Path conf = Files.createDirectories(root.resolve("exec/conf"));
        Files.writeString(conf.resolve("io.linnet.daemon.cfg"), String.join("\n",
                "hosts=unix://" + socket,
                "dataRoot=" + root.resolve("data"),
                "execRoot=" + root.resolve("exec"),
                "containerdAddress=",
                "containerdNamespace=linnet-itest",
                "debug=false", ""));
        // the settings a SIGHUP reloads, as linnetd writes them at start with dockerd's defaults (LiveConfiguration)
        Files.writeString(conf.resolve("io.linnet.daemon.live.cfg"), String.join("\n",
                "debug=false", "labels=", "insecureRegistries=", "registryMirrors=", "maxDownloadAttempts=5",
                "maxConcurrentDownloads=3", "maxConcurrentUploads=5", "shutdownTimeout=15", "reloaded=0", ""));
        List<Option> options = new ArrayList<>();
        FeatureCatalog catalog = FeatureCatalog.read(distribution());
        for (Feature.Bundle b : catalog.bundles(features)) {
            Path jar = catalog.jar(b.artifact());
            options.add(bundle(jar.toUri().toString()).startLevel(startLevel(jar)));
        }
        options.add(frameworkStartLevel(30));
        options.add(junitBundles());
        options.add(cleanCaches());
        options.add(systemProperty(SOCKET_PROPERTY).value(socket.toString()));
        // Pax Exam keeps its own system packages and adds these: SLF4J comes from the class path, as in linnetd.
        options.add(systemPackages(slf4jPackages()));
        options.add(frameworkProperty("felix.fileinstall.dir").value(conf.toString()));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
        options.add(frameworkProperty("linnet.home").value(distribution().toAbsolutePath().toString()));
        options.add(frameworkProperty("linnet.features").value(String.join(",", features)));
        return options.toArray(new Option[0]);
    }

    private static int startLevel(Path jar) throws IOException {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.Attributes main = file.getManifest().getMainAttributes();
            String name = main.getValue("Bundle-SymbolicName");
            if (name == null || !name.startsWith("io.linnet.")) {
                return 10;
            }
            return "true".equals(main.getValue("Linnet-Start-First")) ? 15 : 20;
        }
    }

    private static String[] slf4jPackages() {
        String v = ";version=\"" + org.slf4j.Logger.class.getPackage().getImplementationVersion() + "\"";
        return new String[] {"org.slf4j" + v, "org.slf4j.spi" + v, "org.slf4j.helpers" + v, "org.slf4j.event" + v};
    }

    /** What linnetd's launcher does once every bundle has started: the HTTP host then listens; a client of it. */
    static UnixHttp client(BundleContext context) {
        try {
            if (context.getServiceReferences((String) null, "(linnet.startup=complete)") == null) {
                context.registerService(Object.class, new Object(),
                        new java.util.Hashtable<>(java.util.Map.of("linnet.startup", "complete")));
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        return new UnixHttp(Path.of(System.getProperty(SOCKET_PROPERTY)));
    }

    /** A GET, or another method without a body, on the daemon's API. */
    static UnixHttp.Reply request(UnixHttp http, String methodAndPath) throws IOException {
        String[] parts = methodAndPath.split(" ", 2);
        return parts.length == 1 ? http.get(parts[0]) : http.send(parts[0], parts[1], null);
    }

    /** Polls until the path answers with the status; the last answer (or failure) is the error. */
    static UnixHttp.Reply awaitStatus(UnixHttp http, String path, int status, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        UnixHttp.Reply last = null;
        Exception lastError = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                last = http.get(path);
                if (last.status() == status) {
                    return last;
                }
            } catch (IOException e) {
                lastError = e;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("GET " + path + " did not answer " + status + " within " + timeoutMs
                + " ms; last answer: " + (last == null ? lastError : last.status() + " " + last.body()));
    }
}
