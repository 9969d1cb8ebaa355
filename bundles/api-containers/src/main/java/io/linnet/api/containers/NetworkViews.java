package io.linnet.api.containers;

import io.linnet.api.model.container.ContainerSummary;
import io.linnet.api.model.container.EndpointSettings;
import io.linnet.api.model.container.NetworkSettings;
import io.linnet.api.model.container.Port;
import io.linnet.api.model.container.PortBinding;
import io.linnet.engine.api.network.ContainerNetworkState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A container's network state (engine) as inspect's NetworkSettings and list's Ports and Networks. */
final class NetworkViews {

    private NetworkViews() {
    }

    static Map<String, EndpointSettings> endpoints(ContainerNetworkState state) {
        Map<String, EndpointSettings> out = new LinkedHashMap<>();
        state.endpoints().forEach((name, e) -> {
            EndpointSettings.IpamConfig ipam = e.ipamIpv4Address().isEmpty() && e.ipv6().ipamAddress().isEmpty()
                    && e.linkLocalIps().isEmpty() ? null : new EndpointSettings.IpamConfig(e.ipamIpv4Address(),
                    e.ipv6().ipamAddress(), e.linkLocalIps().isEmpty() ? null : e.linkLocalIps());
            out.put(name, new EndpointSettings(ipam, e.links().isEmpty() ? null : e.links(),
                    e.aliases().isEmpty() ? null : e.aliases(), e.networkId(),
                    e.endpointId(), e.gateway(), e.ipAddress(), e.ipPrefixLen(), e.ipv6().gateway(),
                    e.ipv6().address(), e.ipv6().prefixLen(), e.macAddress(), null));
        });
        return out;
    }

    /** "80/tcp" → bindings; an exposed port that is not published maps to null (as dockerd). */
    static Map<String, List<PortBinding>> ports(ContainerNetworkState state) {
        Map<String, List<PortBinding>> out = new LinkedHashMap<>();
        state.ports().forEach((key, list) -> out.put(key, list.isEmpty() ? null
                : list.stream().map(p -> new PortBinding(p.hostIp(), p.hostPort())).toList()));
        return out;
    }

    static NetworkSettings settings(ContainerNetworkState state) {
        NetworkSettings base = NetworkSettings.of(endpoints(state), ports(state));
        if (state.sandboxKey().isEmpty()) {
            return base;
        }
        String sandboxId = state.sandboxKey().substring(state.sandboxKey().lastIndexOf('/') + 1);
        return new NetworkSettings(base.bridge(), sandboxId, false, "", 0, base.ports(), state.sandboxKey(), null, null,
                base.endpointId(), base.gateway(), base.globalIpv6Address(), base.globalIpv6PrefixLen(),
                base.ipAddress(), base.ipPrefixLen(), base.ipv6Gateway(), base.macAddress(), base.networks());
    }

    static List<Port> listPorts(ContainerNetworkState state) {
        return ContainerSummary.ports(ports(state));
    }

    static ContainerSummary.SummaryNetworkSettings listNetworks(ContainerNetworkState state) {
        return ContainerSummary.summaryNetworks(endpoints(state));
    }
}
