package io.linnet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Boots exactly the bundles of the assembled distribution in Felix, configured as the launcher
 * configures them (with a managed containerd in temporary roots), and checks the wiring: every
 * bundle active, the system resources registered and served, and an endpoint bundle that can be
 * stopped and started while the HTTP host keeps serving.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OsgiWiringIT {
    private static final String SOCKET_PROPERTY = "linnet.itest.socket";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        Path distribution = Path.of(System.getProperty("linnet.distribution", "../distribution/target/linnet"));
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
        List<Option> options = new ArrayList<>();
        // Started in linnetd's order: libraries, then the HTTP host, then Linnet's other bundles.
        // The bundles of the feature linnetd launches by default, from the distribution's repository.
        io.linnet.features.FeatureCatalog features = io.linnet.features.FeatureCatalog.read(distribution);
        for (io.linnet.features.Feature.Bundle b : features.bundles(List.of("linnet-default"))) {
            Path jar = features.jar(b.artifact());
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

    @Test
    public void everyDistributionBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " (state " + b.getState() + ")");
            }
        }
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());
        assertNotNull(installed("io.linnet.containerd-runtime"));
        assertNotNull(installed("io.linnet.http-host"));
    }

    @Test
    public void systemResourcesAreRegisteredAndServed() throws Exception {
        for (String resource : List.of("io.linnet.api.system.PingResource", "io.linnet.api.system.SystemResource",
                "io.linnet.api.system.NoSwarmResource")) {
            assertNotNull("service " + resource, awaitService(resource, 30_000));
        }
        UnixHttp http = client();
        UnixHttp.Reply ping = awaitStatus(http, "/_ping", 200, 30_000);
        assertEquals("OK", ping.body());
        assertEquals("1.43", ping.header("API-Version"));
        UnixHttp.Reply version = awaitStatus(http, "/v1.43/version", 200, 30_000);
        assertTrue(version.body(), version.body().contains("\"ApiVersion\":\"1.43\""));
        assertTrue(version.body(), version.body().contains("\"Name\":\"containerd\""));
    }

    @Test
    public void endpointBundleHotSwapsWhileTheHostKeepsServing() throws Exception {
        UnixHttp http = client();
        awaitStatus(http, "/_ping", 200, 30_000);
        Bundle apiSystem = installed("io.linnet.api-system");
        Bundle host = installed("io.linnet.http-host");

        long stoppedAt = System.nanoTime();
        apiSystem.stop();
        UnixHttp.Reply gone = awaitStatus(http, "/_ping", 404, 1_000);
        long tookMs = (System.nanoTime() - stoppedAt) / 1_000_000;
        assertEquals("{\"message\":\"page not found\"}", gone.body().trim());
        assertTrue("404 came after " + tookMs + " ms", tookMs < 1_000);
        assertEquals(Bundle.ACTIVE, host.getState());

        apiSystem.start();
        UnixHttp.Reply back = awaitStatus(http, "/_ping", 200, 5_000);
        assertEquals("OK", back.body());
        assertEquals(Bundle.ACTIVE, apiSystem.getState());
    }

    /** What linnetd's launcher does once every bundle has started: the HTTP host then listens. */
    private void startupComplete() {
        if (!hasStartupMarker()) {
            context.registerService(Object.class, new Object(),
                    new java.util.Hashtable<>(java.util.Map.of("linnet.startup", "complete")));
        }
    }

    private boolean hasStartupMarker() {
        try {
            return context.getServiceReferences((String) null, "(linnet.startup=complete)") != null;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private UnixHttp client() {
        startupComplete();
        return new UnixHttp(Path.of(System.getProperty(SOCKET_PROPERTY)));
    }

    private Bundle installed(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** The whiteboard service of a resource component, once registered. */
    private ServiceReference<?> awaitService(String componentName, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null,
                    "(&(component.name=" + componentName + ")(linnet.jaxrs.resource=true))");
            if (refs != null && refs.length > 0) {
                return refs[0];
            }
            Thread.sleep(20);
        }
        return null;
    }

    /** Polls until the path answers with the status; the last answer (or failure) is the error. */
    private static UnixHttp.Reply awaitStatus(UnixHttp http, String path, int status, long timeoutMs)
            throws Exception {
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
