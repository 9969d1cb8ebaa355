package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.linnet.api.model.image.ImageInspect;
import java.util.List;

/**
 * Body of {@code GET /containers/{id}/json}: moby's ContainerJSON (ContainerJSONBase, then Mounts,
 * Config, NetworkSettings). What dockerd writes:
 * <ul>
 * <li>Created is RFC 3339 with nanoseconds; Name has the leading slash ("/name");</li>
 * <li>Args is [] (not null) when the command has no arguments; Path is the first word of
 * Entrypoint + Cmd;</li>
 * <li>Image is the image ID ("sha256:…"), Config.Image the name the client gave;</li>
 * <li>ResolvConfPath, HostnamePath, HostsPath and LogPath are "" until the first start;</li>
 * <li>Platform is "linux"; Driver the storage driver (GraphDriver.Name too);</li>
 * <li>ExecIDs is null when there are no execs;</li>
 * <li>SizeRw and SizeRootFs appear only with {@code ?size=1} (then SizeRw may be 0);</li>
 * <li>Mounts is [] when there are none.</li>
 * </ul>
 * HostConfig.Links is the list of "/child:/parent/alias" strings of the container's links, null
 * when none. The swarm-standalone Node field (omitempty) is never written.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerInspect(
        @JsonProperty("Id") String id,
        @JsonProperty("Created") String created,
        @JsonProperty("Path") String path,
        @JsonProperty("Args") List<String> args,
        @JsonProperty("State") ContainerState state,
        @JsonProperty("Image") String image,
        @JsonProperty("ResolvConfPath") String resolvConfPath,
        @JsonProperty("HostnamePath") String hostnamePath,
        @JsonProperty("HostsPath") String hostsPath,
        @JsonProperty("LogPath") String logPath,
        @JsonProperty("Name") String name,
        @JsonProperty("RestartCount") int restartCount,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Platform") String platform,
        @JsonProperty("MountLabel") String mountLabel,
        @JsonProperty("ProcessLabel") String processLabel,
        @JsonProperty("AppArmorProfile") String appArmorProfile,
        @JsonProperty("ExecIDs") List<String> execIds,
        @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonProperty("GraphDriver") ImageInspect.GraphDriver graphDriver,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("SizeRw") Long sizeRw,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("SizeRootFs") Long sizeRootFs,
        @JsonProperty("Mounts") List<MountPoint> mounts,
        @JsonProperty("Config") ContainerConfig config,
        @JsonProperty("NetworkSettings") NetworkSettings networkSettings) {

    /** The same answer with {@code ?size=1}'s fields. */
    public ContainerInspect withSize(long rw, long rootFs) {
        return new ContainerInspect(id, created, path, args, state, image, resolvConfPath, hostnamePath, hostsPath,
                logPath, name, restartCount, driver, platform, mountLabel, processLabel, appArmorProfile, execIds,
                hostConfig, graphDriver, rw, rootFs, mounts, config, networkSettings);
    }

    public ContainerInspect {
        id = id == null ? "" : id;
        created = created == null ? "" : created;
        path = path == null ? "" : path;
        image = image == null ? "" : image;
        resolvConfPath = resolvConfPath == null ? "" : resolvConfPath;
        hostnamePath = hostnamePath == null ? "" : hostnamePath;
        hostsPath = hostsPath == null ? "" : hostsPath;
        logPath = logPath == null ? "" : logPath;
        name = name == null ? "" : name;
        driver = driver == null ? "" : driver;
        platform = platform == null ? "" : platform;
        mountLabel = mountLabel == null ? "" : mountLabel;
        processLabel = processLabel == null ? "" : processLabel;
        appArmorProfile = appArmorProfile == null ? "" : appArmorProfile;
        execIds = execIds == null || execIds.isEmpty() ? null : execIds;
        mounts = mounts == null ? List.of() : mounts;
    }
}
