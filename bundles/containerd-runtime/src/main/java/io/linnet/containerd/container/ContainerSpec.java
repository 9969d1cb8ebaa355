package io.linnet.containerd.container;

import io.linnet.api.model.ApiJson;
import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.container.HostConfig;
import java.util.List;
import java.util.Map;

/**
 * What a client asks of a container (the Docker create request's Config and HostConfig), before it
 * is merged with the image's defaults: the fields the runtime spec is made from. Lists and maps are
 * never null; strings absent are empty.
 *
 * @param cmd        null or empty when not given (then the image's Cmd applies, unless an entrypoint is given)
 * @param entrypoint null when not given; an empty list or {@code [""]} resets the image's entrypoint
 * @param env        {@code KEY=value} (or bare {@code KEY}) entries
 * @param user       {@code name|uid[:group|gid]}, empty for the image's user
 * @param hostname   empty for the first 12 characters of the container ID
 * @param stopSignal empty for the image's, else SIGTERM
 * @param volumes    Config.Volumes: container paths that get an anonymous volume (besides the image's)
 */
record ContainerSpec(
        List<String> cmd,
        List<String> entrypoint,
        List<String> env,
        String workingDir,
        String user,
        String hostname,
        String domainname,
        boolean tty,
        boolean openStdin,
        Map<String, String> labels,
        String stopSignal,
        HostConfig hostConfig,
        List<String> volumes) {

    public ContainerSpec {
        cmd = cmd == null ? null : List.copyOf(cmd);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        env = env == null ? List.of() : List.copyOf(env);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        hostname = hostname == null ? "" : hostname;
        domainname = domainname == null ? "" : domainname;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        stopSignal = stopSignal == null ? "" : stopSignal;
        hostConfig = hostConfig == null ? HostConfig.zero() : hostConfig;
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }

    /** The spec of a create request: JSON nulls inside lists and maps are Go's empty strings, not Java nulls. */
    static ContainerSpec of(ContainerConfig c, HostConfig host) {
        return new ContainerSpec(ApiJson.strings(c.cmd()), ApiJson.strings(c.entrypoint()), ApiJson.strings(c.env()),
                c.workingDir(), c.user(), c.hostname(), c.domainname(), c.tty(), c.openStdin(),
                ApiJson.strings(c.labels()), c.stopSignal(), host,
                c.volumes() == null ? List.of() : List.copyOf(c.volumes().keySet()));
    }

    /** Without Config.Volumes. */
    ContainerSpec(List<String> cmd, List<String> entrypoint, List<String> env, String workingDir, String user,
            String hostname, String domainname, boolean tty, boolean openStdin, Map<String, String> labels,
            String stopSignal, HostConfig hostConfig) {
        this(cmd, entrypoint, env, workingDir, user, hostname, domainname, tty, openStdin, labels, stopSignal,
                hostConfig, List.of());
    }

    /** A container that runs {@code cmd} with every other setting at its default. */
    static ContainerSpec ofCmd(List<String> cmd) {
        return new ContainerSpec(cmd, null, List.of(), "", "", "", "", false, false, Map.of(), "", HostConfig.zero());
    }

    ContainerSpec withEntrypoint(List<String> value) {
        return new ContainerSpec(cmd, value, env, workingDir, user, hostname, domainname, tty, openStdin, labels,
                stopSignal, hostConfig, volumes);
    }

    ContainerSpec withEnv(List<String> value) {
        return new ContainerSpec(cmd, entrypoint, value, workingDir, user, hostname, domainname, tty, openStdin, labels,
                stopSignal, hostConfig, volumes);
    }

    ContainerSpec withUser(String value) {
        return new ContainerSpec(cmd, entrypoint, env, workingDir, value, hostname, domainname, tty, openStdin, labels,
                stopSignal, hostConfig, volumes);
    }

    ContainerSpec withLabels(Map<String, String> value) {
        return new ContainerSpec(cmd, entrypoint, env, workingDir, user, hostname, domainname, tty, openStdin, value,
                stopSignal, hostConfig, volumes);
    }

    ContainerSpec withHostConfig(HostConfig value) {
        return new ContainerSpec(cmd, entrypoint, env, workingDir, user, hostname, domainname, tty, openStdin, labels,
                stopSignal, value, volumes);
    }
}
