package io.linnet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.linnet.features.Feature;
import io.linnet.features.FeatureCatalog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Each API feature left out of the daemon: its bundles uninstalled and the framework refreshed (as
 * if it had never been installed), every other bundle stays active, the other groups are served and
 * the left-out group answers Docker's 404; installed again, it is served again. One framework boot
 * (the bundles of linnet-default, as OsgiWiringIT) for all the groups.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FeatureWiringIT {
    private static final String PAGE_NOT_FOUND = "{\"message\":\"page not found\"}";
    /**
     * A route of each API feature ("METHOD path", GET when no method); served means any answer but the
     * host's "page not found", which dockerd also gives to a known path with another method.
     */
    private static final Map<String, String> PROBES = new LinkedHashMap<>();

    static {
        PROBES.put("linnet-api-system", "/_ping");
        PROBES.put("linnet-api-containers", "/containers/json");
        PROBES.put("linnet-api-images", "/images/json");
        PROBES.put("linnet-api-exec", "/exec/no-such-exec/json");
        PROBES.put("linnet-api-volumes", "/volumes");
        PROBES.put("linnet-api-networks", "/networks");
        PROBES.put("linnet-api-build", "POST /build/prune");
    }

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        return PaxExamDaemon.options(List.of("linnet-default"));
    }

    @Test
    public void everyApiFeatureHasAProbe() throws IOException {
        List<String> apiFeatures = catalog().all().stream().map(Feature::name).filter(n -> n.startsWith("linnet-api-")).sorted().toList();
        assertEquals(PROBES.keySet().stream().sorted().toList(), apiFeatures);
    }

    @Test
    public void withoutSystem() throws Exception {
        leaveOut("linnet-api-system");
    }

    @Test
    public void withoutContainers() throws Exception {
        leaveOut("linnet-api-containers");
    }

    @Test
    public void withoutImages() throws Exception {
        leaveOut("linnet-api-images");
    }

    @Test
    public void withoutExec() throws Exception {
        leaveOut("linnet-api-exec");
    }

    @Test
    public void withoutVolumes() throws Exception {
        leaveOut("linnet-api-volumes");
    }

    @Test
    public void withoutNetworks() throws Exception {
        leaveOut("linnet-api-networks");
    }

    @Test
    public void withoutBuild() throws Exception {
        leaveOut("linnet-api-build");
    }

    private void leaveOut(String feature) throws Exception {
        UnixHttp http = PaxExamDaemon.client(context);
        for (String path : PROBES.values()) {
            awaitServed(http, path, true, 60_000); // the first test waits for the host to listen
        }
        FeatureCatalog catalog = catalog();
        List<String> locations = new ArrayList<>();
        List<Bundle> removed = new ArrayList<>();
        for (Feature.Bundle b : catalog.feature(feature).orElseThrow().bundles()) {
            String location = catalog.jar(b.artifact()).toUri().toString();
            Bundle bundle = context.getBundle(location);
            assertTrue("not installed: " + location, bundle != null);
            locations.add(location);
            removed.add(bundle);
            bundle.uninstall();
        }
        refresh(removed);
        try {
            List<String> notActive = new ArrayList<>();
            for (Bundle b : context.getBundles()) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null && b.getState() != Bundle.ACTIVE) {
                    notActive.add(b.getSymbolicName());
                }
            }
            assertTrue("without " + feature + ", not active: " + notActive, notActive.isEmpty());
            for (Map.Entry<String, String> probe : PROBES.entrySet()) {
                awaitServed(http, probe.getValue(), !probe.getKey().equals(feature), 5_000);
            }
        } finally {
            for (String location : locations) {
                context.installBundle(location).start();
            }
        }
        awaitServed(http, PROBES.get(feature), true, 5_000);
    }

    /** Waits until the route is served, or answers the host's 404 when {@code served} is false. */
    private static void awaitServed(UnixHttp http, String route, boolean served, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        UnixHttp.Reply last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                last = PaxExamDaemon.request(http, route);
                boolean notFound = last.status() == 404 && PAGE_NOT_FOUND.equals(last.body().trim());
                if (notFound != served && last.status() != 503) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the host is not listening yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError(route + (served ? " is not served" : " is still served") + "; last answer: "
                + (last == null ? "none" : last.status() + " " + last.body()));
    }

    private void refresh(List<Bundle> bundles) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue("refresh did not end", refreshed.await(30, TimeUnit.SECONDS));
        assertFalse(bundles.stream().anyMatch(b -> b.getState() != Bundle.UNINSTALLED));
    }

    private static FeatureCatalog catalog() throws IOException {
        return FeatureCatalog.read(PaxExamDaemon.distribution());
    }
}
