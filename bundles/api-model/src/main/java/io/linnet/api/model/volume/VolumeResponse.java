package io.linnet.api.model.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The {@code Volume} definition: the body of {@code GET /volumes/{name}} and
 * {@code POST /volumes/create}, and an entry of {@code GET /volumes}. Fields in dockerd's order;
 * {@code Labels} and {@code Options} are always present (null when none), {@code Status} and
 * {@code UsageData} only when set (omitempty in moby).
 */
public record VolumeResponse(
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Mountpoint") String mountpoint,
        @JsonProperty("Name") String name,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Scope") String scope,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("Status") Map<String, Object> status,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("UsageData") UsageData usageData) {

    /** Usage details; only {@code GET /system/df} sends them. */
    public record UsageData(
            @JsonProperty("RefCount") long refCount,
            @JsonProperty("Size") long size) {
    }
}
