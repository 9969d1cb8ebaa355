package io.linnet.api.networks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.api.model.DockerTime;
import io.linnet.api.model.Filters;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.PruneFilter;
import io.linnet.engine.api.network.Network;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Networks as dockerd's NetworkResource JSON, and the list and prune filters. */
final class NetworkViews {

    static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();

    private NetworkViews() {
    }

    /**
     * Maps come out sorted by key, as Go's encoding/json writes them.
     *
     * @param withContainers inspect shows the attached containers; list shows {}
     */
    static ObjectNode of(Network n, boolean withContainers) {
        ObjectNode o = JSON.createObjectNode();
        o.put("Name", n.name());
        o.put("Id", n.id());
        o.put("Created", DockerTime.rfc3339Nano(n.created()));
        o.put("Scope", n.scope());
        o.put("Driver", n.driver());
        o.put("EnableIPv6", n.enableIpv6());
        ObjectNode ipam = o.putObject("IPAM");
        ipam.put("Driver", "default");
        if (n.predefined()) {
            ipam.putNull("Options");
        } else {
            ObjectNode ipamOptions = ipam.putObject("Options");
            new java.util.TreeMap<>(n.ipamOptions()).forEach(ipamOptions::put);
        }
        ArrayNode config = ipam.putArray("Config");
        for (Network.IpamConfig c : n.ipam()) {
            ObjectNode entry = config.addObject();
            entry.put("Subnet", c.subnet());
            if (!c.ipRange().isEmpty()) {
                entry.put("IPRange", c.ipRange());
            }
            if (!c.gateway().isEmpty()) {
                entry.put("Gateway", c.gateway());
            }
            if (!c.auxAddresses().isEmpty()) {
                ObjectNode aux = entry.putObject("AuxiliaryAddresses");
                new java.util.TreeMap<>(c.auxAddresses()).forEach(aux::put);
            }
        }
        o.put("Internal", n.internal());
        o.put("Attachable", n.attachable());
        o.put("Ingress", n.ingress());
        o.putObject("ConfigFrom").put("Network", "");
        o.put("ConfigOnly", false);
        ObjectNode containers = o.putObject("Containers");
        if (withContainers) {
            new java.util.TreeMap<>(n.containers()).forEach((id, a) -> {
                ObjectNode c = containers.putObject(id);
                c.put("Name", a.name());
                c.put("EndpointID", a.endpointId());
                c.put("MacAddress", a.macAddress());
                c.put("IPv4Address", a.ipv4Address());
                c.put("IPv6Address", a.ipv6Address());
            });
        }
        ObjectNode options = o.putObject("Options");
        new java.util.TreeMap<>(n.options()).forEach(options::put);
        ObjectNode labels = o.putObject("Labels");
        new java.util.TreeMap<>(n.labels()).forEach(labels::put);
        return o;
    }

    /** dockerd's network list filters: driver, id, label, name, scope, type, dangling. */
    static Predicate<Network> filter(Filters f) {
        try {
            f.accept("driver", "id", "label", "name", "scope", "type", "dangling");
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("Invalid filter '" + e.getMessage().replaceAll(".*'(.*)'.*", "$1") + "'");
        }
        for (String t : f.get("type")) {
            if (!t.equals("custom") && !t.equals("builtin")) {
                throw new InvalidParameterException("invalid filter: 'type'='" + t + "'");
            }
        }
        Boolean dangling = null;
        if (f.has("dangling")) {
            try {
                dangling = f.bool("dangling", false);
            } catch (IllegalArgumentException e) {
                throw new InvalidParameterException("invalid filter 'dangling=" + f.get("dangling").iterator().next() + "'");
            }
        }
        var names = f.get("name").stream().map(NetworkViews::regex).toList();
        var ids = f.get("id").stream().map(NetworkViews::regex).toList();
        Boolean danglingWanted = dangling;
        return n -> {
            if (f.has("driver") && !f.get("driver").contains(n.driver())) {
                return false;
            }
            if (!names.isEmpty() && names.stream().noneMatch(p -> p.matcher(n.name()).find())) {
                return false;
            }
            if (!ids.isEmpty() && ids.stream().noneMatch(p -> p.matcher(n.id()).find())) {
                return false;
            }
            if (f.has("scope") && !f.get("scope").contains(n.scope())) {
                return false;
            }
            if (f.has("type") && !f.get("type").contains(n.predefined() ? "builtin" : "custom")) {
                return false;
            }
            if (danglingWanted != null) {
                boolean isDangling = !n.predefined() && n.containers().isEmpty();
                if (isDangling != danglingWanted) {
                    return false;
                }
            }
            return f.matchesLabels("label", n.labels());
        };
    }

    /** Prune filters: label, label!, until (dockerd's); the engine applies them. */
    static PruneFilter pruneFilter(Filters f) {
        try {
            f.accept("label", "label!", "until");
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("Invalid filter '" + e.getMessage().replaceAll(".*'(.*)'.*", "$1") + "'");
        }
        try {
            return new PruneFilter(f.until(java.time.Instant.now()), List.copyOf(f.get("label")),
                    List.copyOf(f.get("label!")));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(e.getMessage());
        }
    }

    private static Pattern regex(String s) {
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException e) {
            throw new InvalidParameterException("error parsing regexp: " + e.getDescription());
        }
    }
}
