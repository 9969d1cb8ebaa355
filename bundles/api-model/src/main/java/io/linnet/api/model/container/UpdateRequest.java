package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Body of {@code POST /containers/{id}/update}: Docker's UpdateConfig, the Resources fields
 * embedded plus RestartPolicy. dockerd applies only the fields that are not zero (a RestartPolicy
 * with Name "" is left alone; MemorySwappiness -1 means unset). The docker CLI sends every field,
 * with null for the pointers and lists it does not set. Before API 1.40 dockerd ignores PidsLimit.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpdateRequest(
        @JsonProperty("CpuShares") long cpuShares,
        @JsonProperty("Memory") long memory,
        @JsonProperty("NanoCpus") long nanoCpus,
        @JsonProperty("CgroupParent") String cgroupParent,
        @JsonProperty("BlkioWeight") int blkioWeight,
        @JsonProperty("BlkioWeightDevice") List<BlkioWeightDevice> blkioWeightDevice,
        @JsonProperty("BlkioDeviceReadBps") List<BlkioThrottleDevice> blkioDeviceReadBps,
        @JsonProperty("BlkioDeviceWriteBps") List<BlkioThrottleDevice> blkioDeviceWriteBps,
        @JsonProperty("BlkioDeviceReadIOps") List<BlkioThrottleDevice> blkioDeviceReadIOps,
        @JsonProperty("BlkioDeviceWriteIOps") List<BlkioThrottleDevice> blkioDeviceWriteIOps,
        @JsonProperty("CpuPeriod") long cpuPeriod,
        @JsonProperty("CpuQuota") long cpuQuota,
        @JsonProperty("CpuRealtimePeriod") long cpuRealtimePeriod,
        @JsonProperty("CpuRealtimeRuntime") long cpuRealtimeRuntime,
        @JsonProperty("CpusetCpus") String cpusetCpus,
        @JsonProperty("CpusetMems") String cpusetMems,
        @JsonProperty("Devices") List<DeviceMapping> devices,
        @JsonProperty("DeviceCgroupRules") List<String> deviceCgroupRules,
        @JsonProperty("DeviceRequests") List<DeviceRequest> deviceRequests,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("KernelMemory") long kernelMemory,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("KernelMemoryTCP") long kernelMemoryTcp,
        @JsonProperty("MemoryReservation") long memoryReservation,
        @JsonProperty("MemorySwap") long memorySwap,
        @JsonProperty("MemorySwappiness") Long memorySwappiness,
        @JsonProperty("OomKillDisable") Boolean oomKillDisable,
        @JsonProperty("PidsLimit") Long pidsLimit,
        @JsonProperty("Ulimits") List<Ulimit> ulimits,
        @JsonProperty("CpuCount") long cpuCount,
        @JsonProperty("CpuPercent") long cpuPercent,
        @JsonProperty("IOMaximumIOps") long ioMaximumIOps,
        @JsonProperty("IOMaximumBandwidth") long ioMaximumBandwidth,
        @JsonProperty("RestartPolicy") RestartPolicy restartPolicy) {

    public UpdateRequest {
        cgroupParent = cgroupParent == null ? "" : cgroupParent;
        cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
        cpusetMems = cpusetMems == null ? "" : cpusetMems;
        restartPolicy = restartPolicy == null ? RestartPolicy.zero() : restartPolicy;
    }

    /** The Resources part of this body. */
    public Resources resources() {
        return new Resources(
                cpuShares, memory, nanoCpus, cgroupParent, blkioWeight, blkioWeightDevice,
                blkioDeviceReadBps, blkioDeviceWriteBps, blkioDeviceReadIOps, blkioDeviceWriteIOps,
                cpuPeriod, cpuQuota, cpuRealtimePeriod, cpuRealtimeRuntime, cpusetCpus, cpusetMems, devices,
                deviceCgroupRules, deviceRequests, kernelMemory, kernelMemoryTcp, memoryReservation,
                memorySwap, memorySwappiness, oomKillDisable, pidsLimit, ulimits, cpuCount, cpuPercent,
                ioMaximumIOps, ioMaximumBandwidth);
    }
}
