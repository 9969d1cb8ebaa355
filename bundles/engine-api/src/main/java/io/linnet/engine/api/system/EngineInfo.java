package io.linnet.engine.api.system;

import java.util.List;

/**
 * Facts about the daemon and its host that `docker info` and `docker version` show.
 *
 * @param id             stable daemon id, kept under the data root
 * @param name           host name
 * @param dataRoot       the daemon's data root (DockerRootDir)
 * @param storageDriver  containerd snapshotter in use
 * @param cgroupDriver   "cgroupfs" or "systemd"
 * @param cgroupVersion  "1" or "2"
 * @param kernelVersion  uname -r
 * @param operatingSystem PRETTY_NAME of /etc/os-release
 * @param osVersion      VERSION_ID of /etc/os-release
 * @param architecture   uname -m (x86_64)
 * @param ncpu           online processors
 * @param memTotal       bytes of physical memory
 * @param defaultRuntime name of the OCI runtime containers use
 * @param runtimePath    path of that runtime's binary
 * @param containerdNamespace containerd namespace of the daemon's objects
 * @param components     containerd, runc and the engine's own versions, read from the real runtime
 * @param securityOptions what confines containers by default, as dockerd lists it ("name=seccomp,profile=builtin")
 * @param loggingDriver  the log driver of containers that name none
 * @param runtimes       every runtime containers may name, to its binary (runc under both its names first)
 * @param liveRestore    whether running containers outlive the daemon
 * @param initBinary     the init {@code --init} runs, as the daemon was told it (dockerd's init-path, else docker-init)
 */
public record EngineInfo(
        String id,
        String name,
        String dataRoot,
        String storageDriver,
        String cgroupDriver,
        String cgroupVersion,
        String kernelVersion,
        String operatingSystem,
        String osVersion,
        String architecture,
        int ncpu,
        long memTotal,
        String defaultRuntime,
        String runtimePath,
        String containerdNamespace,
        List<ComponentVersion> components,
        List<String> securityOptions,
        String loggingDriver,
        java.util.Map<String, String> runtimes,
        boolean liveRestore,
        String initBinary) {

    /** A stock dockerd's defaults: json-file, runc alone, no live restore. */
    public EngineInfo(String id, String name, String dataRoot, String storageDriver, String cgroupDriver,
            String cgroupVersion, String kernelVersion, String operatingSystem, String osVersion, String architecture,
            int ncpu, long memTotal, String defaultRuntime, String runtimePath, String containerdNamespace,
            List<ComponentVersion> components, List<String> securityOptions) {
        this(id, name, dataRoot, storageDriver, cgroupDriver, cgroupVersion, kernelVersion, operatingSystem, osVersion,
                architecture, ncpu, memTotal, defaultRuntime, runtimePath, containerdNamespace, components,
                securityOptions, "json-file", runcOnly(defaultRuntime, runtimePath), false, "docker-init");
    }

    private static java.util.Map<String, String> runcOnly(String defaultRuntime, String runtimePath) {
        java.util.Map<String, String> runtimes = new java.util.LinkedHashMap<>();
        runtimes.put("io.containerd.runc.v2", runtimePath);
        runtimes.put(defaultRuntime, runtimePath);
        return runtimes;
    }

    /** The component named so (containerd, runc), if the runtime reported it. */
    public ComponentVersion component(String componentName) {
        return components.stream().filter(c -> c.name().equals(componentName)).findFirst().orElse(null);
    }
}
