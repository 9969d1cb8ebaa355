package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The example vendor distribution (examples/vendor-distribution: Linnet's default feature plus Acme's
 * bundle, made by one feature file) started as a vendor ships it, and both of Acme's additions
 * driven with real clients: its own route on the same socket (curl), and its volume policy, which
 * replaced Linnet's volume service by ranking, seen through the docker CLI for volumes made by
 * {@code docker volume create} and by {@code docker run -v}. Docker's API is served as ever.
 */
@WithLinnet(distribution = "linnet.vendor.distribution")
class VendorDistributionEndToEndIT {
    private static final String LABEL = "com.example.acme.managed";
    private static final ObjectMapper JSON = new ObjectMapper();

    @WithLinnet.Inject
    static LinnetDaemon daemon;

    @AfterEach
    void removeVolumes() throws Exception {
        for (String name : Commands.lines(daemon.docker("volume", "ls", "-q").stdout())) {
            daemon.docker("volume", "rm", "-f", name);
        }
    }

    @Test
    void theVendorsRouteIsServedOnTheDaemonsSocket() throws Exception {
        daemon.docker("volume", "create", "acme-route").assertSuccess();
        for (String path : List.of("/vendor/acme/volumes", "/v1.43/vendor/acme/volumes")) {
            Commands.Result answer = daemon.curl("-f", "http://localhost" + path).assertSuccess();
            JsonNode body = JSON.readTree(answer.stdout());
            assertEquals("Acme", body.path("Vendor").asText(), answer.stdout());
            assertEquals("[\"acme-route\"]", body.path("Volumes").toString(), answer.stdout());
        }
        // Docker's own API beside it
        daemon.docker("version").assertSuccess();
        assertTrue(daemon.curl("http://localhost/vendor/nothing-here").stdout().contains("page not found"));
    }

    @Test
    void theVendorsVolumePolicyLabelsVolumesFromCreateAndFromRun() throws Exception {
        daemon.docker("volume", "create", "--label", "team=blue", "made-by-create").assertSuccess();
        Map<?, ?> labels = labelsOf("made-by-create");
        assertEquals("true", labels.get(LABEL), labels.toString());
        assertEquals("blue", labels.get("team"), labels.toString());

        // the container engine asks for a VolumeService too: it got Acme's
        daemon.docker("run", "--rm", "-v", "made-by-run:/data", "busybox", "sh", "-c", "echo kept > /data/f")
                .assertSuccess();
        assertEquals("true", labelsOf("made-by-run").get(LABEL));
        Commands.Result filtered = daemon.docker("volume", "ls", "-q", "--filter", "label=" + LABEL).assertSuccess();
        assertEquals(List.of("made-by-create", "made-by-run"), Commands.lines(filtered.stdout()).stream().sorted().toList());
        assertEquals("kept", daemon.docker("run", "--rm", "-v", "made-by-run:/data", "busybox", "cat", "/data/f")
                .assertSuccess().stdout().trim());
    }

    @Test
    void theOperatorSeesTheVendorsFeatureAndBundle() throws Exception {
        Path home = LinnetDaemon.home("linnet.vendor.distribution");
        List<String> admin = new ArrayList<>(List.of(home.resolve("bin/linnetd").toString(), "admin",
                "--exec-root", daemon.execRoot.toString()));
        Commands.Result features = Commands.run(Map.of(), concat(admin, "features")).assertSuccess();
        assertTrue(Pattern.compile("(?m)^acme-default\\s+Active\\s+1/1\\s.*\\(launched\\)$").matcher(features.stdout()).find(),
                features.stdout());
        Commands.Result bundles = Commands.run(Map.of(), concat(admin, "bundles")).assertSuccess();
        assertTrue(Pattern.compile("(?m)^\\d+\\s+Active\\s+com\\.example\\.acme\\.linnet\\s").matcher(bundles.stdout()).find(),
                bundles.stdout());

        // docker info's Linnet section (GET /info, as docker-py and curl read it)
        JsonNode linnet = JSON.readTree(daemon.curl("-f", "http://localhost/v1.43/info").assertSuccess().stdout()).path("Linnet");
        assertTrue(linnet.path("Features").toString().contains("{\"Name\":\"acme-default\",\"State\":\"Active\"}"), linnet.toString());
        assertTrue(linnet.path("Features").toString().contains("{\"Name\":\"linnet-default\",\"State\":\"Active\"}"), linnet.toString());
        assertTrue(linnet.path("Bundles").toString().contains("\"Name\":\"com.example.acme.linnet\""), linnet.toString());
    }

    private static Map<?, ?> labelsOf(String volume) throws Exception {
        String json = daemon.docker("volume", "inspect", "-f", "{{json .Labels}}", volume).assertSuccess().stdout();
        return JSON.readValue(json, Map.class);
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
