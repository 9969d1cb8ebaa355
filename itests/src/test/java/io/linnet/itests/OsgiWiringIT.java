package io.linnet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
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
    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        // The bundles of the feature linnetd launches by default, from the distribution's repository.
        return PaxExamDaemon.options(List.of("linnet-default"));
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

    private UnixHttp client() {
        return PaxExamDaemon.client(context);
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

    private static UnixHttp.Reply awaitStatus(UnixHttp http, String path, int status, long timeoutMs)
            throws Exception {
        return PaxExamDaemon.awaitStatus(http, path, status, timeoutMs);
    }
}
