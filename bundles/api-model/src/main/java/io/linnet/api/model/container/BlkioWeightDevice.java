package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** moby's blkiodev.WeightDevice. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BlkioWeightDevice(
        @JsonProperty("Path") String path,
        @JsonProperty("Weight") int weight) {

    public BlkioWeightDevice {
        path = path == null ? "" : path;
    }
}
