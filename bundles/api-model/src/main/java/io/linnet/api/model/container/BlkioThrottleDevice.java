package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** moby's blkiodev.ThrottleDevice: Rate is bytes or IO operations per second. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BlkioThrottleDevice(
        @JsonProperty("Path") String path,
        @JsonProperty("Rate") long rate) {

    public BlkioThrottleDevice {
        path = path == null ? "" : path;
    }
}
