package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An entry of Ports in {@code GET /containers/json} (moby's types.Port). IP and PublicPort are
 * omitempty: an exposed but unpublished port is {@code {"PrivatePort":80,"Type":"tcp"}}. dockerd
 * lists ports from the running container's network settings: a created or stopped container has
 * Ports [] even with PortBindings.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Port(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("IP") String ip,
        @JsonProperty("PrivatePort") int privatePort,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("PublicPort") int publicPort,
        @JsonProperty("Type") String type) {

    public Port {
        type = type == null ? "" : type;
    }
}
