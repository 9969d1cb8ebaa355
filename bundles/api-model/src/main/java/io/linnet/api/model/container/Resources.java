package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Docker's Resources: the part of HostConfig that {@code POST /containers/{id}/update} can change.
 * On the wire it is never a nested object: its fields are embedded in HostConfig and in the update
 * body through {@code @JsonUnwrapped} ({@link HostConfig#resources()}, {@link UpdateRequest#resources()}).
 *
 * <p>Go's rules: nil slices are null; MemorySwappiness, OomKillDisable and PidsLimit are pointers
 * (null when unset); KernelMemory and KernelMemoryTCP are omitempty since API 1.42 (dockerd
 * ignores KernelMemory on create from 1.42 on, and API 1.41 still printed both as 0).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Resources(
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
        @JsonProperty("IOMaximumBandwidth") long ioMaximumBandwidth) {

    public Resources {
        cgroupParent = cgroupParent == null ? "" : cgroupParent;
        cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
        cpusetMems = cpusetMems == null ? "" : cpusetMems;
    }

    /** All fields at Go's zero values. */
    public static Resources zero() {
        return new Resources(
                0, 0, 0, "", 0, null, null, null, null, null, 0, 0, 0, 0, "", "", null, null, null, 0, 0, 0,
                0, null, null, null, null, 0, 0, 0, 0);
    }

    /** A builder starting from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.cpuShares = cpuShares;
        b.memory = memory;
        b.nanoCpus = nanoCpus;
        b.cgroupParent = cgroupParent;
        b.blkioWeight = blkioWeight;
        b.blkioWeightDevice = blkioWeightDevice;
        b.blkioDeviceReadBps = blkioDeviceReadBps;
        b.blkioDeviceWriteBps = blkioDeviceWriteBps;
        b.blkioDeviceReadIOps = blkioDeviceReadIOps;
        b.blkioDeviceWriteIOps = blkioDeviceWriteIOps;
        b.cpuPeriod = cpuPeriod;
        b.cpuQuota = cpuQuota;
        b.cpuRealtimePeriod = cpuRealtimePeriod;
        b.cpuRealtimeRuntime = cpuRealtimeRuntime;
        b.cpusetCpus = cpusetCpus;
        b.cpusetMems = cpusetMems;
        b.devices = devices;
        b.deviceCgroupRules = deviceCgroupRules;
        b.deviceRequests = deviceRequests;
        b.kernelMemory = kernelMemory;
        b.kernelMemoryTcp = kernelMemoryTcp;
        b.memoryReservation = memoryReservation;
        b.memorySwap = memorySwap;
        b.memorySwappiness = memorySwappiness;
        b.oomKillDisable = oomKillDisable;
        b.pidsLimit = pidsLimit;
        b.ulimits = ulimits;
        b.cpuCount = cpuCount;
        b.cpuPercent = cpuPercent;
        b.ioMaximumIOps = ioMaximumIOps;
        b.ioMaximumBandwidth = ioMaximumBandwidth;
        return b;
    }

    /** Mutable builder; unset fields keep Go's zero values. */
    public static final class Builder {
        private long cpuShares = 0;
        private long memory = 0;
        private long nanoCpus = 0;
        private String cgroupParent = "";
        private int blkioWeight = 0;
        private List<BlkioWeightDevice> blkioWeightDevice = null;
        private List<BlkioThrottleDevice> blkioDeviceReadBps = null;
        private List<BlkioThrottleDevice> blkioDeviceWriteBps = null;
        private List<BlkioThrottleDevice> blkioDeviceReadIOps = null;
        private List<BlkioThrottleDevice> blkioDeviceWriteIOps = null;
        private long cpuPeriod = 0;
        private long cpuQuota = 0;
        private long cpuRealtimePeriod = 0;
        private long cpuRealtimeRuntime = 0;
        private String cpusetCpus = "";
        private String cpusetMems = "";
        private List<DeviceMapping> devices = null;
        private List<String> deviceCgroupRules = null;
        private List<DeviceRequest> deviceRequests = null;
        private long kernelMemory = 0;
        private long kernelMemoryTcp = 0;
        private long memoryReservation = 0;
        private long memorySwap = 0;
        private Long memorySwappiness = null;
        private Boolean oomKillDisable = null;
        private Long pidsLimit = null;
        private List<Ulimit> ulimits = null;
        private long cpuCount = 0;
        private long cpuPercent = 0;
        private long ioMaximumIOps = 0;
        private long ioMaximumBandwidth = 0;

        public Builder() {
        }

        public Builder cpuShares(long value) {
            this.cpuShares = value;
            return this;
        }

        public Builder memory(long value) {
            this.memory = value;
            return this;
        }

        public Builder nanoCpus(long value) {
            this.nanoCpus = value;
            return this;
        }

        public Builder cgroupParent(String value) {
            this.cgroupParent = value;
            return this;
        }

        public Builder blkioWeight(int value) {
            this.blkioWeight = value;
            return this;
        }

        public Builder blkioWeightDevice(List<BlkioWeightDevice> value) {
            this.blkioWeightDevice = value;
            return this;
        }

        public Builder blkioDeviceReadBps(List<BlkioThrottleDevice> value) {
            this.blkioDeviceReadBps = value;
            return this;
        }

        public Builder blkioDeviceWriteBps(List<BlkioThrottleDevice> value) {
            this.blkioDeviceWriteBps = value;
            return this;
        }

        public Builder blkioDeviceReadIOps(List<BlkioThrottleDevice> value) {
            this.blkioDeviceReadIOps = value;
            return this;
        }

        public Builder blkioDeviceWriteIOps(List<BlkioThrottleDevice> value) {
            this.blkioDeviceWriteIOps = value;
            return this;
        }

        public Builder cpuPeriod(long value) {
            this.cpuPeriod = value;
            return this;
        }

        public Builder cpuQuota(long value) {
            this.cpuQuota = value;
            return this;
        }

        public Builder cpuRealtimePeriod(long value) {
            this.cpuRealtimePeriod = value;
            return this;
        }

        public Builder cpuRealtimeRuntime(long value) {
            this.cpuRealtimeRuntime = value;
            return this;
        }

        public Builder cpusetCpus(String value) {
            this.cpusetCpus = value;
            return this;
        }

        public Builder cpusetMems(String value) {
            this.cpusetMems = value;
            return this;
        }

        public Builder devices(List<DeviceMapping> value) {
            this.devices = value;
            return this;
        }

        public Builder deviceCgroupRules(List<String> value) {
            this.deviceCgroupRules = value;
            return this;
        }

        public Builder deviceRequests(List<DeviceRequest> value) {
            this.deviceRequests = value;
            return this;
        }

        public Builder kernelMemory(long value) {
            this.kernelMemory = value;
            return this;
        }

        public Builder kernelMemoryTcp(long value) {
            this.kernelMemoryTcp = value;
            return this;
        }

        public Builder memoryReservation(long value) {
            this.memoryReservation = value;
            return this;
        }

        public Builder memorySwap(long value) {
            this.memorySwap = value;
            return this;
        }

        public Builder memorySwappiness(Long value) {
            this.memorySwappiness = value;
            return this;
        }

        public Builder oomKillDisable(Boolean value) {
            this.oomKillDisable = value;
            return this;
        }

        public Builder pidsLimit(Long value) {
            this.pidsLimit = value;
            return this;
        }

        public Builder ulimits(List<Ulimit> value) {
            this.ulimits = value;
            return this;
        }

        public Builder cpuCount(long value) {
            this.cpuCount = value;
            return this;
        }

        public Builder cpuPercent(long value) {
            this.cpuPercent = value;
            return this;
        }

        public Builder ioMaximumIOps(long value) {
            this.ioMaximumIOps = value;
            return this;
        }

        public Builder ioMaximumBandwidth(long value) {
            this.ioMaximumBandwidth = value;
            return this;
        }

        public Resources build() {
            return new Resources(
                    cpuShares, memory, nanoCpus, cgroupParent, blkioWeight, blkioWeightDevice,
                    blkioDeviceReadBps, blkioDeviceWriteBps, blkioDeviceReadIOps, blkioDeviceWriteIOps,
                    cpuPeriod, cpuQuota, cpuRealtimePeriod, cpuRealtimeRuntime, cpusetCpus, cpusetMems,
                    devices, deviceCgroupRules, deviceRequests, kernelMemory, kernelMemoryTcp,
                    memoryReservation, memorySwap, memorySwappiness, oomKillDisable, pidsLimit, ulimits,
                    cpuCount, cpuPercent, ioMaximumIOps, ioMaximumBandwidth);
        }
    }
}
