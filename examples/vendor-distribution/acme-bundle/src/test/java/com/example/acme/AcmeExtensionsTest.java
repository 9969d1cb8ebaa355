package com.example.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.linnet.engine.api.volume.VolumeCreateRequest;
import io.linnet.engine.testing.FakeVolumeService;
import io.linnet.http.InMemoryApi;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Acme's policy and route over Linnet's own HTTP application (in memory) and its fake volume service. */
class AcmeExtensionsTest {
    private final FakeVolumeService linnet = new FakeVolumeService();
    private final AcmeVolumePolicy policy = new AcmeVolumePolicy(linnet);

    @Test
    void createdVolumesCarryTheLabelAndKeepTheirOwn() {
        policy.create(new VolumeCreateRequest("data", null, null, Map.of("team", "blue")));
        assertEquals(Map.of("team", "blue", AcmeVolumePolicy.LABEL, "true"), linnet.inspect("data").labels());
    }

    @Test
    void theRouteNamesOnlyTheVolumesUnderThePolicy() throws Exception {
        policy.create(new VolumeCreateRequest("acme-one", null, null, null));
        linnet.create(new VolumeCreateRequest("outside", null, null, null));
        try (InMemoryApi api = InMemoryApi.serving(new AcmeResource(policy))) {
            InMemoryApi.Answer answer = api.get("/v1.43/vendor/acme/volumes");
            assertEquals(200, answer.status(), answer.body());
            assertEquals("[\"acme-one\"]", answer.json().get("Volumes").toString());
            assertNull(linnet.inspect("outside").labels());
        }
    }

    @Test
    void withoutLinnetsVolumeServiceTheDaemonAnswersTryAgain() throws Exception {
        try (InMemoryApi api = InMemoryApi.serving(new AcmeResource(new AcmeVolumePolicy()))) {
            assertEquals(503, api.get("/vendor/acme/volumes").status());
        }
    }
}
