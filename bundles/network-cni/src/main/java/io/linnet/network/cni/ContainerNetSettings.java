package io.linnet.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.engine.api.InvalidParameterException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what networking needs of a container from Docker's Config, HostConfig and
 * EndpointsConfig JSON, and checks what a container asks of one network. The one place that knows
 * those JSON field names.
 */
final class ContainerNetSettings {

    private final ObjectMapper json;

    ContainerNetSettings(ObjectMapper json) {
        this.json = json;
    }

    /** The container's settings; its networks are left for the caller, who knows which exist. */
    ContainerNet read(String containerId, String name, JsonNode config, JsonNode host,
            List<String> imageExposedPorts) {
        ContainerNet n = new ContainerNet();
        n.id = containerId;
        n.name = name;
        n.networkMode = host.path("NetworkMode").asText("");
        if (n.networkMode.isEmpty()) {
            n.networkMode = "default";
        }
        n.hostname = config.path("Hostname").asText(containerId.substring(0, 12));
        n.domainname = config.path("Domainname").asText("");
        n.dns = strings(host.path("Dns"));
        n.dnsSearch = strings(host.path("DnsSearch"));
        n.dnsOptions = strings(host.path("DnsOptions"));
        n.extraHosts = strings(host.path("ExtraHosts"));
        n.extraHosts.forEach(EtcFiles::parseExtraHost);
        host.path("PortBindings").fields().forEachRemaining(e -> {
            List<Map<String, String>> list = new ArrayList<>();
            e.getValue().forEach(b -> list.add(Map.of("HostIp", b.path("HostIp").asText(""),
                    "HostPort", b.path("HostPort").asText(""))));
            n.portBindings.put(e.getKey(), list);
        });
        n.publishAllPorts = host.path("PublishAllPorts").asBoolean(false);
        config.path("ExposedPorts").fieldNames().forEachRemaining(n.exposedPorts::add);
        for (String p : imageExposedPorts == null ? List.<String>of() : imageExposedPorts) {
            if (!n.exposedPorts.contains(p)) {
                n.exposedPorts.add(p);
            }
        }
        PortPlan.wanted(n.portBindings, n.publishAllPorts, n.exposedPorts); // validates
        return n;
    }

    /** What an EndpointSettings asks of a network that does not exist yet: checked when the container starts. */
    static ContainerNet.Request unchecked(JsonNode endpoint) {
        return new ContainerNet.Request(strings(endpoint.path("Aliases")),
                endpoint.path("IPAMConfig").path("IPv4Address").asText(""));
    }

    /** What an EndpointSettings asks of an existing network, checked as dockerd does. */
    static ContainerNet.Request request(NetworkDef def, JsonNode endpoint) {
        return request(def, strings(endpoint.path("Aliases")), endpoint.path("IPAMConfig").path("IPv4Address").asText(""));
    }

    /** @param ip a static IPv4 address, "" for one from the pool */
    static ContainerNet.Request request(NetworkDef def, List<String> aliases, String ip) {
        if (!ip.isEmpty()) {
            if (def.isDefaultBridge()) {
                throw new InvalidParameterException("user specified IP address is supported on user defined networks only");
            }
            if (!ip.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || !Ipv4.contains(def.subnet(), ip)) {
                throw new InvalidParameterException("Invalid address " + ip
                        + ": It does not belong to any of this network's subnets");
            }
        }
        if (!aliases.isEmpty() && def.isDefaultBridge()) {
            throw new InvalidParameterException("network-scoped alias is supported only for containers in user defined networks");
        }
        return new ContainerNet.Request(aliases, ip);
    }

    JsonNode parse(String text) {
        try {
            return text == null || text.isEmpty() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException e) {
            throw new InvalidParameterException("invalid JSON: " + e.getMessage());
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
