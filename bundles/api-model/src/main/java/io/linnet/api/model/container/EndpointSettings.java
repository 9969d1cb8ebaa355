package io.linnet.api.model.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * moby's network.EndpointSettings as API 1.43 knows it: a value of NetworkSettings.Networks (inspect
 * and list) and of NetworkingConfig.EndpointsConfig (create). No field is omitempty: a container
 * that was created but never started shows its network with every string "" and IPAMConfig, Links,
 * Aliases, DriverOpts null. The docker CLI 28 also sends GwPriority and DNSNames (API 1.44+/1.48+),
 * which are ignored here as dockerd 24 ignores them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EndpointSettings(
        @JsonProperty("IPAMConfig") IpamConfig ipamConfig,
        @JsonProperty("Links") List<String> links,
        @JsonProperty("Aliases") List<String> aliases,
        @JsonProperty("NetworkID") String networkId,
        @JsonProperty("EndpointID") String endpointId,
        @JsonProperty("Gateway") String gateway,
        @JsonProperty("IPAddress") String ipAddress,
        @JsonProperty("IPPrefixLen") int ipPrefixLen,
        @JsonProperty("IPv6Gateway") String ipv6Gateway,
        @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
        @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
        @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("DriverOpts") Map<String, String> driverOpts) {

    public EndpointSettings {
        networkId = networkId == null ? "" : networkId;
        endpointId = endpointId == null ? "" : endpointId;
        gateway = gateway == null ? "" : gateway;
        ipAddress = ipAddress == null ? "" : ipAddress;
        ipv6Gateway = ipv6Gateway == null ? "" : ipv6Gateway;
        globalIpv6Address = globalIpv6Address == null ? "" : globalIpv6Address;
        macAddress = macAddress == null ? "" : macAddress;
    }

    /** All fields at Go's zero values, as a not yet connected endpoint shows. */
    public static EndpointSettings zero() {
        return new EndpointSettings(null, null, null, "", "", "", "", 0, "", "", 0, "", null);
    }

    /** moby's EndpointIPAMConfig: static addresses asked for on create or connect; all omitempty. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IpamConfig(
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("IPv4Address") String ipv4Address,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("IPv6Address") String ipv6Address,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("LinkLocalIPs") List<String> linkLocalIps) {
    }
}
