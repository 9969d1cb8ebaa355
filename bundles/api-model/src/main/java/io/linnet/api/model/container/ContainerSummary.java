package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An entry of {@code GET /containers/json} (moby's types.Container). Created is Unix seconds;
 * Names carry the leading slash ([] never null), the container's name then its legacy link names
 * ("/parent/alias"); Command is Path and Args joined, arguments with a space single-quoted
 * ({@link #command}); Ports is [] until the container runs ({@link #ports}); SizeRw and SizeRootFs
 * are omitempty (only with {@code ?size=1}, and SizeRw 0 is still left out); Labels is the Config's
 * labels ({} when none, as moby's merge makes the map); State is the ContainerState status, Status
 * the human text ({@link ContainerState#statusText}); HostConfig carries only NetworkMode;
 * NetworkSettings.Networks holds reduced endpoints ({@link #summaryEndpoint}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerSummary(
        @JsonProperty("Id") String id,
        @JsonProperty("Names") List<String> names,
        @JsonProperty("Image") String image,
        @JsonProperty("ImageID") String imageId,
        @JsonProperty("Command") String command,
        @JsonProperty("Created") long created,
        @JsonProperty("Ports") List<Port> ports,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("SizeRw") long sizeRw,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("SizeRootFs") long sizeRootFs,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("State") String state,
        @JsonProperty("Status") String status,
        @JsonProperty("HostConfig") SummaryHostConfig hostConfig,
        @JsonProperty("NetworkSettings") SummaryNetworkSettings networkSettings,
        @JsonProperty("Mounts") List<MountPoint> mounts) {

    public ContainerSummary {
        id = id == null ? "" : id;
        names = names == null ? List.of() : names;
        image = image == null ? "" : image;
        imageId = imageId == null ? "" : imageId;
        command = command == null ? "" : command;
        ports = ports == null ? List.of() : ports;
        state = state == null ? "" : state;
        status = status == null ? "" : status;
        hostConfig = hostConfig == null ? new SummaryHostConfig("") : hostConfig;
        mounts = mounts == null ? List.of() : mounts;
    }

    /** The same entry with {@code ?size=1}'s fields. */
    public ContainerSummary withSize(long rw, long rootFs) {
        return new ContainerSummary(id, names, image, imageId, command, created, ports, rw, rootFs, labels, state,
                status, hostConfig, networkSettings, mounts);
    }

    /** The HostConfig of a list entry: NetworkMode only (omitempty). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SummaryHostConfig(
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("NetworkMode") String networkMode) {
    }

    /** The NetworkSettings of a list entry. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SummaryNetworkSettings(
            @JsonProperty("Networks") Map<String, EndpointSettings> networks) {
    }

    /** moby's list Command: Path, then Args joined by spaces, each argument containing a space in single quotes. */
    public static String command(String path, List<String> args) {
        if (args == null || args.isEmpty()) {
            return path;
        }
        StringBuilder sb = new StringBuilder(path);
        for (String a : args) {
            sb.append(' ');
            if (a.contains(" ")) {
                sb.append('\'').append(a).append('\'');
            } else {
                sb.append(a);
            }
        }
        return sb.toString();
    }

    /**
     * moby's list Ports from the running container's NetworkSettings.Ports: an entry without
     * bindings gives {PrivatePort, Type}; each binding gives IP, PrivatePort, PublicPort, Type.
     * Keys that do not parse are skipped as dockerd skips them.
     */
    public static List<Port> ports(Map<String, List<PortBinding>> portMap) {
        List<Port> out = new ArrayList<>();
        if (portMap == null) {
            return out;
        }
        for (Map.Entry<String, List<PortBinding>> e : portMap.entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            String proto = slash < 0 ? "tcp" : key.substring(slash + 1);
            Integer privatePort = parsePort(slash < 0 ? key : key.substring(0, slash));
            if (privatePort == null) {
                continue;
            }
            if (e.getValue() == null || e.getValue().isEmpty()) {
                out.add(new Port("", privatePort, 0, proto));
                continue;
            }
            for (PortBinding b : e.getValue()) {
                Integer host = parsePort(b.hostPort());
                if (host == null) {
                    continue;
                }
                out.add(new Port(b.hostIp(), privatePort, host, proto));
            }
        }
        return out;
    }

    /** nat.ParsePort: "" is 0; a range ("80-81") is its first port. */
    private static Integer parsePort(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        String first = s.contains("-") ? s.substring(0, s.indexOf('-')) : s;
        try {
            int p = Integer.parseInt(first);
            return p < 0 || p > 65535 ? null : p;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The reduced endpoint dockerd lists: Links, Aliases and DriverOpts null, IPAMConfig without
     * LinkLocalIPs.
     */
    public static EndpointSettings summaryEndpoint(EndpointSettings e) {
        EndpointSettings.IpamConfig ipam = e.ipamConfig() == null ? null
                : new EndpointSettings.IpamConfig(e.ipamConfig().ipv4Address(), e.ipamConfig().ipv6Address(), null);
        return new EndpointSettings(ipam, null, null, e.networkId(), e.endpointId(), e.gateway(), e.ipAddress(),
                e.ipPrefixLen(), e.ipv6Gateway(), e.globalIpv6Address(), e.globalIpv6PrefixLen(), e.macAddress(), null);
    }

    /** {@link #summaryEndpoint} for each network. */
    public static SummaryNetworkSettings summaryNetworks(Map<String, EndpointSettings> networks) {
        Map<String, EndpointSettings> out = new LinkedHashMap<>();
        if (networks != null) {
            networks.forEach((k, v) -> {
                if (v != null) {
                    out.put(k, summaryEndpoint(v));
                }
            });
        }
        return new SummaryNetworkSettings(out);
    }
}
