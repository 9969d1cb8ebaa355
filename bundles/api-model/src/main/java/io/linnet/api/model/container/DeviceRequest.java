package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Docker's DeviceRequest ({@code --gpus}); Count -1 means all. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceRequest(
        @JsonProperty("Driver") String driver,
        @JsonProperty("Count") int count,
        @JsonProperty("DeviceIDs") List<String> deviceIds,
        @JsonProperty("Capabilities") List<List<String>> capabilities,
        @JsonProperty("Options") Map<String, String> options) {

    public DeviceRequest {
        driver = driver == null ? "" : driver;
    }
}
