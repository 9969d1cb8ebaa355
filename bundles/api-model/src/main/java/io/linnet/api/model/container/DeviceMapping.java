package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Docker's DeviceMapping ({@code --device /dev/x:/dev/y:rwm}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceMapping(
        @JsonProperty("PathOnHost") String pathOnHost,
        @JsonProperty("PathInContainer") String pathInContainer,
        @JsonProperty("CgroupPermissions") String cgroupPermissions) {

    public DeviceMapping {
        pathOnHost = pathOnHost == null ? "" : pathOnHost;
        pathInContainer = pathInContainer == null ? "" : pathInContainer;
        cgroupPermissions = cgroupPermissions == null ? "" : cgroupPermissions;
    }
}
