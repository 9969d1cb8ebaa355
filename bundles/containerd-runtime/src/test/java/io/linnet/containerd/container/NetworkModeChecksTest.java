package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.container.HostConfig;
import io.linnet.engine.api.InvalidParameterException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** moby 24's validateNetMode answers, word for word (dockerd 20.10 gave the same for the UTS one). */
class NetworkModeChecksTest {

    private static String refusal(ContainerConfig config, HostConfig host) {
        return assertThrows(InvalidParameterException.class, () -> NetworkModeChecks.check(config, host)).getMessage();
    }

    private static ContainerConfig config(String json) {
        try {
            return ContainerRecords.MAPPER.readValue(json, ContainerConfig.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void optionsThatTheModeIgnoresAreRefused() {
        ContainerConfig named = config("{\"Hostname\":\"hname\"}");
        assertEquals("conflicting options: hostname and the UTS mode",
                refusal(named, HostConfig.zero().toBuilder().utsMode("host").build()));
        assertEquals("conflicting options: hostname and the network mode",
                refusal(named, HostConfig.zero().toBuilder().networkMode("container:db").build()));
        assertEquals("conflicting options: host type networking can't be used with links. This would result in"
                + " undefined behavior", refusal(ContainerConfig.zero(),
                HostConfig.zero().toBuilder().networkMode("host").links(List.of("db:d")).build()));
        assertEquals("conflicting options: dns and the network mode", refusal(ContainerConfig.zero(),
                HostConfig.zero().toBuilder().networkMode("container:db").dns(List.of("1.1.1.1")).build()));
        assertEquals("Invalid network mode: invalid container format container:<name|id>",
                refusal(ContainerConfig.zero(), HostConfig.zero().toBuilder().networkMode("container:").build()));
    }

    @Test
    void whatFitsTheModePasses() {
        NetworkModeChecks.check(config("{\"Hostname\":\"h\"}"),
                HostConfig.zero().toBuilder().networkMode("default").links(List.of("db:d")).utsMode("").build());
        NetworkModeChecks.check(ContainerConfig.zero(), HostConfig.zero().toBuilder().networkMode("container:db")
                .utsMode("host").build());
    }
}
