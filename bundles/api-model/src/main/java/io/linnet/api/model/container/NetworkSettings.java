package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * NetworkSettings of {@code GET /containers/{id}/json}: moby's NetworkSettingsBase, then the
 * deprecated DefaultNetworkSettings (the "bridge" endpoint's values, "" when not attached to
 * bridge), then Networks. Nothing is omitempty. Ports is a PortMap ("80/tcp" → bindings, or null
 * for an exposed port that is not published); dockerd writes {} until the container runs, never
 * null. SecondaryIPAddresses / SecondaryIPv6Addresses are null in practice.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkSettings(
        @JsonProperty("Bridge") String bridge,
        @JsonProperty("SandboxID") String sandboxId,
        @JsonProperty("HairpinMode") boolean hairpinMode,
        @JsonProperty("LinkLocalIPv6Address") String linkLocalIpv6Address,
        @JsonProperty("LinkLocalIPv6PrefixLen") int linkLocalIpv6PrefixLen,
        @JsonProperty("Ports") Map<String, List<PortBinding>> ports,
        @JsonProperty("SandboxKey") String sandboxKey,
        @JsonProperty("SecondaryIPAddresses") List<Address> secondaryIpAddresses,
        @JsonProperty("SecondaryIPv6Addresses") List<Address> secondaryIpv6Addresses,
        @JsonProperty("EndpointID") String endpointId,
        @JsonProperty("Gateway") String gateway,
        @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
        @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
        @JsonProperty("IPAddress") String ipAddress,
        @JsonProperty("IPPrefixLen") int ipPrefixLen,
        @JsonProperty("IPv6Gateway") String ipv6Gateway,
        @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("Networks") Map<String, EndpointSettings> networks) {

    public NetworkSettings {
        bridge = bridge == null ? "" : bridge;
        sandboxId = sandboxId == null ? "" : sandboxId;
        linkLocalIpv6Address = linkLocalIpv6Address == null ? "" : linkLocalIpv6Address;
        sandboxKey = sandboxKey == null ? "" : sandboxKey;
        endpointId = endpointId == null ? "" : endpointId;
        gateway = gateway == null ? "" : gateway;
        globalIpv6Address = globalIpv6Address == null ? "" : globalIpv6Address;
        ipAddress = ipAddress == null ? "" : ipAddress;
        ipv6Gateway = ipv6Gateway == null ? "" : ipv6Gateway;
        macAddress = macAddress == null ? "" : macAddress;
    }

    /**
     * What dockerd shows for a container that is not running: empty strings, Ports {} and the
     * container's networks with their endpoint settings. The deprecated top-level fields copy the
     * "bridge" entry when there is one.
     */
    public static NetworkSettings of(Map<String, EndpointSettings> networks, Map<String, List<PortBinding>> ports) {
        EndpointSettings b = networks == null ? null : networks.get("bridge");
        if (b == null) {
            b = EndpointSettings.zero();
        }
        return new NetworkSettings("", "", false, "", 0, ports == null ? Map.of() : ports, "", null, null,
                b.endpointId(), b.gateway(), b.globalIpv6Address(), b.globalIpv6PrefixLen(), b.ipAddress(),
                b.ipPrefixLen(), b.ipv6Gateway(), b.macAddress(), networks == null ? Map.of() : networks);
    }

    /** moby's network.Address. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Address(@JsonProperty("Addr") String addr, @JsonProperty("PrefixLen") int prefixLen) {
    }
}
