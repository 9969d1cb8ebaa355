package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * moby's mount.Mount, an entry of HostConfig.Mounts ({@code --mount}). Every field is omitempty:
 * dockerd echoes {@code {"Type":"tmpfs","Target":"/m","TmpfsOptions":{"SizeBytes":1000}}}.
 * Type is "bind", "volume", "tmpfs", "npipe" or "cluster".
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Mount(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Type") String type,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Source") String source,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Target") String target,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("ReadOnly") boolean readOnly,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Consistency") String consistency,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("BindOptions") BindOptions bindOptions,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("VolumeOptions") VolumeOptions volumeOptions,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("TmpfsOptions") TmpfsOptions tmpfsOptions,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("ClusterOptions") Map<String, Object> clusterOptions) {

    public static final String TYPE_BIND = "bind";
    public static final String TYPE_VOLUME = "volume";
    public static final String TYPE_TMPFS = "tmpfs";
    public static final String TYPE_NPIPE = "npipe";
    public static final String TYPE_CLUSTER = "cluster";

    public Mount {
        type = type == null ? "" : type;
        source = source == null ? "" : source;
        target = target == null ? "" : target;
        consistency = consistency == null ? "" : consistency;
    }

    /** Propagation: "", rprivate, private, rshared, shared, rslave, slave. CreateMountpoint is API 1.42+. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BindOptions(
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Propagation") String propagation,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("NonRecursive") boolean nonRecursive,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("CreateMountpoint") boolean createMountpoint) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VolumeOptions(
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("NoCopy") boolean noCopy,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Labels") Map<String, String> labels,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("DriverConfig") Driver driverConfig) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Driver(
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Name") String name,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Options") Map<String, String> options) {
    }

    /** Mode is a Go os.FileMode written as a number (0o1777 is 1023). API 1.43 has no Options here (1.46+). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TmpfsOptions(
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("SizeBytes") long sizeBytes,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("Mode") long mode) {
    }
}
