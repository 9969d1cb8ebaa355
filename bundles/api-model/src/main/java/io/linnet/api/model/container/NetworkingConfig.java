package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The NetworkingConfig of a create body. The docker CLI always sends one entry, keyed by the
 * network it was given ("default" when none); dockerd 24 refuses more than one entry on create.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkingConfig(
        @JsonProperty("EndpointsConfig") Map<String, EndpointSettings> endpointsConfig) {
}
