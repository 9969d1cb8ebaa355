package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of a PortMap (go-connections nat.PortBinding): the PortMap itself is a
 * {@code Map<String, List<PortBinding>>} keyed by "port/proto" ("80/tcp"). HostIp and HostPort are
 * never omitted ("" when unset).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PortBinding(
        @JsonProperty("HostIp") String hostIp,
        @JsonProperty("HostPort") String hostPort) {

    public PortBinding {
        hostIp = hostIp == null ? "" : hostIp;
        hostPort = hostPort == null ? "" : hostPort;
    }
}
