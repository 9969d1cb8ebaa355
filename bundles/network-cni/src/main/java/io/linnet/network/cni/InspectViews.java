package io.linnet.network.cni;

import io.linnet.engine.api.network.ContainerNetworkState;
import io.linnet.engine.api.network.Network;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What inspect and list show: a container's NetworkSettings and a network with its containers. */
final class InspectViews {

    private final NetworkStore store;
    private final ContainerNets nets;

    InspectViews(NetworkStore store, ContainerNets nets) {
        this.store = store;
        this.nets = nets;
    }

    /** A network and the running containers on it; host and none list the containers in that mode. */
    Network network(NetworkDef def) {
        Map<String, Network.Attached> attached = new LinkedHashMap<>();
        List<ContainerNet> candidates = new ArrayList<>(nets.onNetwork(def.id()));
        candidates.addAll(nets.onNetwork(def.name()));
        for (ContainerNet n : candidates) {
            if (n.pid == 0 || attached.containsKey(n.id)) {
                continue;
            }
            ContainerNet.Endpoint ep = n.endpoints.get(def.id());
            if (ep != null) {
                attached.put(n.id, new Network.Attached(n.shortName(), ep.endpointId, ep.macAddress,
                        ep.ipAddress + "/" + ep.prefixLength,
                        ep.ipv6Address.isEmpty() ? "" : ep.ipv6Address + "/" + ep.ipv6PrefixLength));
            } else if (n.networkMode.equals(def.name()) && (n.hostMode() || n.noneMode())) {
                attached.put(n.id, new Network.Attached(n.shortName(), n.id.substring(0, 12) + def.id().substring(0, 12),
                        "", "", ""));
            }
        }
        return new Network(def.id(), def.name(), Instant.parse(def.created()), "local", def.driver(), def.enableIpv6(),
                ipamConfig(def), def.internal(), def.attachable(), false, def.options(), def.labels(), attached,
                def.ipamOptions());
    }

    /**
     * IPAM.Config as dockerd builds it: the configured IPv4 pool then the IPv6 one, each with its own
     * auxiliary addresses; a subnet taken from the pools shows only when nothing was configured.
     */
    static List<Network.IpamConfig> ipamConfig(NetworkDef def) {
        if (!def.isBridge()) {
            return List.of();
        }
        Map<String, String> aux4 = new LinkedHashMap<>();
        Map<String, String> aux6 = new LinkedHashMap<>();
        def.auxAddresses().forEach((name, ip) -> (ip.contains(":") ? aux6 : aux4).put(name, ip));
        List<Network.IpamConfig> out = new ArrayList<>();
        if (!def.autoSubnet() || def.subnet6().isEmpty() || def.isDefaultBridge()) {
            // the default bridge's subnet from the pools is shown without its gateway (dockerd 20.10)
            String gateway = def.isDefaultBridge() && def.autoSubnet() ? "" : def.gateway();
            out.add(new Network.IpamConfig(def.subnet(), def.ipRange(), gateway, aux4));
        }
        if (!def.subnet6().isEmpty()) {
            // dockerd shows an IPv6 gateway only when one was given: the default one is not shown
            String gateway6 = def.gateway6().equals(Ipv6.firstHost(def.subnet6())) ? "" : def.gateway6();
            out.add(new Network.IpamConfig(def.subnet6(), def.ipRange6(), gateway6, aux6));
        }
        return out;
    }

    /** The container's endpoints (addresses only while its task runs) and, while it runs, its published ports. */
    ContainerNetworkState container(String containerId) {
        ContainerNet n = nets.get(containerId);
        if (n == null) {
            return new ContainerNetworkState("default", "", Map.of(), Map.of());
        }
        Map<String, ContainerNetworkState.Endpoint> endpoints = new LinkedHashMap<>();
        boolean running = n.pid > 0;
        if (n.hostMode() || n.noneMode()) {
            NetworkDef def = store.byName(n.networkMode);
            endpoints.put(n.networkMode, new ContainerNetworkState.Endpoint(running ? def.id() : "",
                    running ? n.id.substring(0, 12) + def.id().substring(0, 12) : "", "", 0, "", "", List.of(), ""));
        }
        for (var e : n.networks.entrySet()) {
            NetworkDef def = store.find(e.getKey());
            if (def == null) {
                continue;
            }
            ContainerNet.Endpoint ep = n.endpoints.get(def.id());
            List<String> aliases = new ArrayList<>();
            if (!def.isDefaultBridge()) {
                aliases.add(n.id.substring(0, 12));
                aliases.addAll(e.getValue().aliases);
            }
            List<String> links = e.getValue().links;
            endpoints.put(def.name(), ep == null
                    ? new ContainerNetworkState.Endpoint("", "", "", 0, "", "", aliases, e.getValue().ipv4Address,
                            new ContainerNetworkState.Ipv6("", 0, "", e.getValue().ipv6Address), links,
                            e.getValue().linkLocalIps)
                    : new ContainerNetworkState.Endpoint(def.id(), ep.endpointId, ep.ipAddress, ep.prefixLength,
                            ep.gateway, ep.macAddress, aliases, e.getValue().ipv4Address,
                            new ContainerNetworkState.Ipv6(ep.ipv6Address, ep.ipv6PrefixLength, ep.ipv6Gateway,
                                    e.getValue().ipv6Address), links, e.getValue().linkLocalIps));
        }
        return new ContainerNetworkState(n.networkMode, n.netns, endpoints, portMap(n, running));
    }

    /** While the task runs in its own namespace: every exposed or bound port, with the host ports it is published on. */
    private static Map<String, List<ContainerNetworkState.PortMapping>> portMap(ContainerNet n, boolean running) {
        Map<String, List<ContainerNetworkState.PortMapping>> portMap = new LinkedHashMap<>();
        if (!running || n.hostMode() || !n.joins.isEmpty()) {
            return portMap;
        }
        for (String key : n.exposedPorts) {
            String[] p = PortPlan.parsePortKey(key);
            portMap.put(p[0] + "/" + p[1], new ArrayList<>());
        }
        for (String key : n.portBindings.keySet()) {
            String[] p = PortPlan.parsePortKey(key);
            portMap.putIfAbsent(p[0] + "/" + p[1], new ArrayList<>());
        }
        for (ContainerNet.Published p : n.published) {
            portMap.computeIfAbsent(p.containerPort() + "/" + p.protocol(), k -> new ArrayList<>())
                    .add(new ContainerNetworkState.PortMapping(p.hostIp(), Integer.toString(p.hostPort())));
        }
        return portMap;
    }
}
