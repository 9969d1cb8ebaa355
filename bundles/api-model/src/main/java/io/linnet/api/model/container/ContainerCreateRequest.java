package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /containers/create} as dockerd reads it (runconfig's ContainerConfigWrapper):
 * the Config fields at the top level, then HostConfig and NetworkingConfig. Unknown fields (the
 * docker CLI 28 sends newer ones, such as GwPriority and DNSNames in endpoints) are ignored. Cmd,
 * Entrypoint and Shell are Go StrSlices: a single string is read as a one-element list. What the
 * CLI sends: Volumes {} and Labels {} even when empty, Env null without {@code -e}, HostConfig with
 * every field (LogConfig.Type "", RestartPolicy "no", MemorySwappiness -1, PidsLimit 0 for "unset",
 * OomKillDisable false), one EndpointsConfig entry keyed by the network ("default" without
 * {@code --network}). HostConfig and NetworkingConfig are null when the client sends none.
 * <p>The Config fields are repeated here rather than a {@code @JsonUnwrapped ContainerConfig}: what
 * the body defaults to differs from what the stored Config keeps (false and "" here are absent
 * there, as Go's omitempty), and {@link #config()} is where the one becomes the other.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerCreateRequest(
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Domainname") String domainname,
        @JsonProperty("User") String user,
        @JsonProperty("AttachStdin") boolean attachStdin,
        @JsonProperty("AttachStdout") boolean attachStdout,
        @JsonProperty("AttachStderr") boolean attachStderr,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("ExposedPorts") Map<String, Map<String, Object>> exposedPorts,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("OpenStdin") boolean openStdin,
        @JsonProperty("StdinOnce") boolean stdinOnce,
        @JsonProperty("Env") List<String> env,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @JsonProperty("Cmd") List<String> cmd,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Healthcheck") ContainerConfig.HealthConfig healthcheck,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("ArgsEscaped") boolean argsEscaped,
        @JsonProperty("Image") String image,
        @JsonProperty("Volumes") Map<String, Map<String, Object>> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("NetworkDisabled") boolean networkDisabled,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("StopSignal") String stopSignal,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("StopTimeout") Integer stopTimeout,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @JsonProperty("Shell") List<String> shell,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("NetworkingConfig") NetworkingConfig networkingConfig) {

    public ContainerCreateRequest {
        hostname = hostname == null ? "" : hostname;
        domainname = domainname == null ? "" : domainname;
        user = user == null ? "" : user;
        image = image == null ? "" : image;
        workingDir = workingDir == null ? "" : workingDir;
        macAddress = macAddress == null ? "" : macAddress;
        stopSignal = stopSignal == null ? "" : stopSignal;
    }

    /**
     * The Config part, as the client sent it (before dockerd merges the image's config and fills
     * Hostname). Booleans that ContainerConfig keeps as nullable omitempty values are null for false.
     */
    public ContainerConfig config() {
        return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr, exposedPorts,
                tty, openStdin, stdinOnce, env, cmd, healthcheck, argsEscaped ? Boolean.TRUE : null, image, volumes,
                workingDir, entrypoint, networkDisabled ? Boolean.TRUE : null, macAddress.isEmpty() ? null : macAddress,
                onBuild, labels, stopSignal.isEmpty() ? null : stopSignal, stopTimeout,
                shell == null || shell.isEmpty() ? null : shell);
    }
}
