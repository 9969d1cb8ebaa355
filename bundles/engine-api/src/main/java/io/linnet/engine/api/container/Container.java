package io.linnet.engine.api.container;

import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.container.HostConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Docker container as the engine keeps it.
 *
 * @param name       with the leading slash
 * @param image      the image as the client gave it
 * @param imageId    "sha256:…"
 * @param path       first word of Entrypoint + Cmd after merging with the image
 * @param config     Docker's Config, merged with the image's at create (as inspect shows it)
 * @param hostConfig Docker's HostConfig with the create defaults and later updates (as inspect shows it)
 * @param logPath    the json-file log ("" before the first start)
 * @param mounts     binds, volumes and tmpfs mounts, resolved at create
 * @param linkNames  the names other containers' legacy links give it ("/parent/alias"), listed after its name
 */
public record Container(String id, String name, String image, String imageId, Instant created, String path,
        List<String> args, Map<String, String> labels, ContainerConfig config, HostConfig hostConfig, boolean tty,
        boolean openStdin, boolean autoRemove, ContainerState state, int restartCount, String logPath, List<MountPoint> mounts,
        List<String> linkNames) {

    /** A container no other container links to. */
    public Container(String id, String name, String image, String imageId, Instant created, String path,
            List<String> args, Map<String, String> labels, ContainerConfig config, HostConfig hostConfig, boolean tty,
            boolean openStdin, boolean autoRemove, ContainerState state, int restartCount, String logPath,
            List<MountPoint> mounts) {
        this(id, name, image, imageId, created, path, args, labels, config, hostConfig, tty, openStdin, autoRemove, state,
                restartCount, logPath, mounts, List.of());
    }

    public Container {
        args = args == null ? List.of() : List.copyOf(args);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        linkNames = linkNames == null ? List.of() : List.copyOf(linkNames);
        config = config == null ? ContainerConfig.zero() : config;
        hostConfig = hostConfig == null ? HostConfig.zero() : hostConfig;
    }
}
