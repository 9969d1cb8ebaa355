package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An entry of Mounts in inspect and list (moby's types.MountPoint). Type, Name and Driver are
 * omitempty; Source, Destination, Mode, RW and Propagation are always written. What dockerd
 * writes: a bind {@code -v /h:/c:ro} is Type "bind", Mode "ro", RW false, Propagation "rprivate";
 * a named or anonymous volume is Type "volume" with Name, Driver "local", Mode "z", Propagation "";
 * a {@code --mount type=tmpfs} is Type "tmpfs", Source "", Mode "". {@code --tmpfs} (HostConfig.Tmpfs)
 * gives no MountPoint at all.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MountPoint(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Type") String type,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Name") String name,
        @JsonProperty("Source") String source,
        @JsonProperty("Destination") String destination,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Driver") String driver,
        @JsonProperty("Mode") String mode,
        @JsonProperty("RW") boolean rw,
        @JsonProperty("Propagation") String propagation) {

    public MountPoint {
        source = source == null ? "" : source;
        destination = destination == null ? "" : destination;
        mode = mode == null ? "" : mode;
        propagation = propagation == null ? "" : propagation;
    }
}
