package io.linnet.api.model.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Body of {@code POST /volumes/create}. */
public record VolumeCreateOptions(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") String driver,
        @JsonProperty("DriverOpts") Map<String, String> driverOpts,
        @JsonProperty("Labels") Map<String, String> labels,
        /* a swarm cluster volume: refused outside a swarm */
        @JsonProperty("ClusterVolumeSpec") Map<String, Object> clusterVolumeSpec) {
}
