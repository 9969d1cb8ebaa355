package io.linnet.network.cni;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names each user network answers by DNS, as libnetwork's service records: for every running
 * container on it, its name, its aliases on that network and its short ID (IPv4 and, on an IPv6
 * network, IPv6 addresses: A and AAAA), and the reverse (PTR)
 * name {@code <container>.<network>} of its addresses (both families). A network's table is rebuilt when a container
 * joins or leaves it (cost: the containers on that network), and read without a lock by the resolver.
 */
final class DnsNames {

    /** One network's names: lower-case name → addresses, in the order containers joined; address → PTR name. */
    record Table(String network, Map<String, List<String>> addresses, Map<String, String> reverse) {
    }

    private final Map<String, Table> byNetwork = new ConcurrentHashMap<>();

    /** Rebuilds the network's table from the containers that may be on it (tested one by one). */
    void refresh(NetworkDef def, Collection<ContainerNet> candidates) {
        Map<String, List<String>> addresses = new LinkedHashMap<>();
        Map<String, String> reverse = new LinkedHashMap<>();
        for (ContainerNet m : candidates) {
            ContainerNet.Endpoint ep = m.endpoints.get(def.id());
            if (ep == null || ep.ipAddress.isEmpty()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            names.add(m.shortName());
            ContainerNet.Request req = m.networks.get(def.id());
            if (req != null) {
                names.addAll(req.aliases);
            }
            names.add(m.id.substring(0, Math.min(12, m.id.length())));
            for (String name : names) {
                List<String> ips = addresses.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
                for (String ip : ep.ipv6Address.isEmpty() ? List.of(ep.ipAddress) : List.of(ep.ipAddress, ep.ipv6Address)) {
                    if (!ips.contains(ip)) {
                        ips.add(ip);
                    }
                }
            }
            reverse.put(ep.ipAddress, m.shortName() + "." + def.name());
            if (!ep.ipv6Address.isEmpty()) {
                reverse.put(Ipv6.normalize(ep.ipv6Address), m.shortName() + "." + def.name());
            }
        }
        if (addresses.isEmpty()) {
            byNetwork.remove(def.id());
        } else {
            addresses.replaceAll((k, v) -> List.copyOf(v));
            byNetwork.put(def.id(), new Table(def.name(), Map.copyOf(addresses), Map.copyOf(reverse)));
        }
    }

    /** The network's table; an empty one when no container is on it. */
    Table table(String networkId) {
        return byNetwork.getOrDefault(networkId, new Table("", Map.of(), Map.of()));
    }
}
