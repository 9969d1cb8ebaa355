package io.linnet.network.cni;

import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.container.EndpointSettings;
import io.linnet.api.model.container.HostConfig;
import io.linnet.api.model.container.PortBinding;
import io.linnet.engine.api.InvalidParameterException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what networking needs of a container from Docker's Config, HostConfig and
 * EndpointsConfig, and checks what a container asks of one network.
 */
final class ContainerNetSettings {

    private ContainerNetSettings() {
    }

    /** The container's settings; its networks are left for the caller, who knows which exist. */
    static ContainerNet read(String containerId, String name, ContainerConfig config, HostConfig host,
            List<String> imageExposedPorts) {
        ContainerNet n = new ContainerNet();
        n.id = containerId;
        n.name = name;
        n.networkMode = host.networkMode();
        if (n.networkMode.isEmpty()) {
            n.networkMode = "default";
        }
        n.hostname = config.hostname() == null ? containerId.substring(0, 12) : config.hostname();
        n.domainname = config.domainname() == null ? "" : config.domainname();
        n.dns = strings(host.dns());
        n.dnsSearch = strings(host.dnsSearch());
        n.dnsOptions = strings(host.dnsOptions());
        n.extraHosts = strings(host.extraHosts());
        n.extraHosts.forEach(EtcFiles::parseExtraHost);
        n.links = strings(host.links());
        if (host.portBindings() != null) {
            host.portBindings().forEach((port, bindings) -> {
                List<Map<String, String>> list = new ArrayList<>();
                for (PortBinding b : bindings == null ? List.<PortBinding>of() : bindings) {
                    list.add(Map.of("HostIp", b == null ? "" : b.hostIp(), "HostPort", b == null ? "" : b.hostPort()));
                }
                n.portBindings.put(port, list);
            });
        }
        n.publishAllPorts = host.publishAllPorts();
        if (config.exposedPorts() != null) {
            n.exposedPorts.addAll(config.exposedPorts().keySet());
        }
        for (String p : imageExposedPorts == null ? List.<String>of() : imageExposedPorts) {
            if (!n.exposedPorts.contains(p)) {
                n.exposedPorts.add(p);
            }
        }
        PortPlan.wanted(n.portBindings, n.publishAllPorts, n.exposedPorts); // validates
        return n;
    }

    /** What an EndpointSettings (null: none) asks of a network that does not exist yet: checked when the container starts. */
    static ContainerNet.Request unchecked(EndpointSettings endpoint, String configMac) {
        ContainerNet.Request req = new ContainerNet.Request(aliases(endpoint), ipv4(endpoint), ipv6(endpoint),
                mac(endpoint, configMac));
        req.linkLocalIps = linkLocalIps(endpoint);
        return req;
    }

    /**
     * What an EndpointSettings (null: none) asks of an existing network, checked as dockerd does.
     *
     * @param configMac Config.MacAddress, which dockerd gives the container's first network
     */
    static ContainerNet.Request request(NetworkDef def, EndpointSettings endpoint, String configMac) {
        ContainerNet.Request req = request(def, aliases(endpoint), ipv4(endpoint), ipv6(endpoint), mac(endpoint, configMac));
        req.links = endpoint == null ? new ArrayList<>() : strings(endpoint.links());
        req.linkLocalIps = linkLocalIps(endpoint);
        return req;
    }

    private static List<String> linkLocalIps(EndpointSettings endpoint) {
        var ipam = endpoint == null ? null : endpoint.ipamConfig();
        return ipam == null ? new ArrayList<>() : strings(ipam.linkLocalIps());
    }

    /**
     * The link-local IPs as the interface gets them (IPv4 /16, IPv6 /64, libnetwork's masks), checked with
     * dockerd's words: each an address, and a link-local unicast one.
     */
    static List<String> linkLocalCidrs(List<String> ips) {
        List<String> cidrs = new ArrayList<>();
        for (String ip : ips) {
            boolean v4 = ip.matches("\\d{1,3}(\\.\\d{1,3}){3}") && Ipv4.isCidr(ip + "/32");
            if (!v4 && !Ipv6.isAddress(ip)) {
                throw new InvalidParameterException("Invalid link-local IP address: [" + String.join(" ", ips) + "]");
            }
            boolean linkLocal = v4 ? Ipv4.contains("169.254.0.0/16", ip) : Ipv6.contains("fe80::/10", ip);
            if (!linkLocal) {
                throw new InvalidParameterException("invalid link local IP address: " + ip);
            }
            cidrs.add(v4 ? ip + "/16" : Ipv6.normalize(ip) + "/64");
        }
        return cidrs;
    }

    private static String ipv6(EndpointSettings endpoint) {
        var ipam = endpoint == null ? null : endpoint.ipamConfig();
        return ipam == null || ipam.ipv6Address() == null ? "" : ipam.ipv6Address();
    }

    private static String mac(EndpointSettings endpoint, String configMac) {
        String mac = endpoint == null ? "" : endpoint.macAddress();
        return mac.isEmpty() && configMac != null ? configMac : mac;
    }

    private static List<String> aliases(EndpointSettings endpoint) {
        return endpoint == null ? new ArrayList<>() : strings(endpoint.aliases());
    }

    private static String ipv4(EndpointSettings endpoint) {
        var ipam = endpoint == null ? null : endpoint.ipamConfig();
        return ipam == null || ipam.ipv4Address() == null ? "" : ipam.ipv4Address();
    }

    /**
     * @param ip  a static IPv4 address, "" for one from the pool
     * @param ip6 a static IPv6 address, "" for one from the pool
     * @param mac a MAC address for the interface, "" for a generated one
     */
    static ContainerNet.Request request(NetworkDef def, List<String> aliases, String ip, String ip6, String mac) {
        if (!ip.isEmpty() || !ip6.isEmpty()) {
            if (def.isDefaultBridge()) {
                throw new InvalidParameterException("user specified IP address is supported on user defined networks only");
            }
            if (def.autoSubnet()) {
                throw new InvalidParameterException("user specified IP address is supported only when connecting to "
                        + "networks with user configured subnets");
            }
        }
        if (!ip.isEmpty() && (!ip.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || !Ipv4.contains(def.subnet(), ip))) {
            throw new InvalidParameterException("Invalid address " + ip + ": It does not belong to any of this network's subnets");
        }
        if (!ip6.isEmpty()) {
            if (!def.hasIpv6() || !Ipv6.isAddress(ip6) || !Ipv6.contains(def.subnet6(), ip6)) {
                throw new InvalidParameterException("Invalid address " + ip6
                        + ": It does not belong to any of this network's subnets");
            }
            ip6 = Ipv6.normalize(ip6);
        }
        if (!mac.isEmpty() && !mac.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
            throw new InvalidParameterException("invalid MAC address: " + mac);
        }
        if (!aliases.isEmpty() && def.isDefaultBridge()) {
            throw new InvalidParameterException("network-scoped alias is supported only for containers in user defined networks");
        }
        return new ContainerNet.Request(aliases, ip, ip6, mac.toLowerCase(java.util.Locale.ROOT));
    }

    /** A Go string slice: nil is empty, a JSON null inside is "". */
    private static List<String> strings(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            values.forEach(v -> out.add(v == null ? "" : v));
        }
        return out;
    }
}
