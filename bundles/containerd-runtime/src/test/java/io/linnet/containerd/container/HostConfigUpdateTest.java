package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linnet.api.model.container.HostConfig;
import io.linnet.api.model.container.Resources;
import io.linnet.api.model.container.RestartPolicy;
import io.linnet.api.model.container.UpdateRequest;
import io.linnet.engine.api.InvalidParameterException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** dockerd's {@code docker update} merge and checks. */
class HostConfigUpdateTest {

    private static final HostConfig CURRENT = HostConfig.zero().toBuilder()
            .restartPolicy(new RestartPolicy("on-failure", 3))
            .resources(Resources.zero().toBuilder().cpuShares(512).memory(64 << 20).memorySwap(128 << 20).build())
            .build();

    private static UpdateRequest update(String json) throws IOException {
        return ContainerRecords.MAPPER.readValue(json, UpdateRequest.class);
    }

    @Test
    void onlyTheFieldsTheRequestSetsChange() throws IOException {
        HostConfig updated = HostConfigUpdate.merge(CURRENT, update("{\"Memory\":100663296,\"MemorySwap\":0}"));
        assertEquals(100663296, updated.resources().memory());
        assertEquals(128 << 20, updated.resources().memorySwap(), "0 is not set");
        assertEquals(512, updated.resources().cpuShares());
        assertEquals(new RestartPolicy("on-failure", 3), updated.restartPolicy(), "a policy without a name is no change");
        assertEquals(CURRENT, HostConfigUpdate.merge(CURRENT, UpdateRequest.empty()));
    }

    @Test
    void theClisUpdateBody() throws IOException {
        // docker update --cpus 2 --restart always: every field sent, the unset ones zero or null
        UpdateRequest cli = ContainerRecords.MAPPER.readValue(
                Path.of("..", "api-model", "src", "test", "resources", "dockerd", "cli28-update-v1.43.json").toFile(),
                UpdateRequest.class);
        HostConfig updated = HostConfigUpdate.merge(CURRENT, cli);
        assertEquals(2_000_000_000L, updated.resources().nanoCpus());
        assertEquals(new RestartPolicy("always", 0), updated.restartPolicy());
        assertEquals(64 << 20, updated.resources().memory());
        assertNull(updated.resources().pidsLimit());
    }

    @Test
    void limitsAreCheckedAsDockerdChecksThem() throws IOException {
        assertEquals("Minimum memoryswap limit should be larger than memory limit, see usage",
                assertThrows(InvalidParameterException.class,
                        () -> HostConfigUpdate.merge(CURRENT, update("{\"Memory\":268435456}"))).getMessage());
        assertEquals("Minimum memory limit can not be less than memory reservation limit, see usage",
                assertThrows(InvalidParameterException.class,
                        () -> HostConfigUpdate.merge(CURRENT, update("{\"MemoryReservation\":134217728}"))).getMessage());
        assertEquals(100L, HostConfigUpdate.merge(CURRENT, update("{\"PidsLimit\":100}")).resources().pidsLimit());
    }
}
