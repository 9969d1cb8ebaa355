package io.linnet.network.cni;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps the embedded DNS server in step with the endpoints: a network's names are rebuilt when a container
 * joins or leaves it, and a running container with a user network has its resolver (started when it first
 * needs one, its scope updated on connect and disconnect, stopped with its task). Called under the lock of
 * networks and endpoints, after the container's state was saved.
 */
final class ContainerResolvers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerResolvers.class);
    private static final InetSocketAddress ADDRESS = new InetSocketAddress(EtcFiles.EMBEDDED_DNS, 53);

    private final NetworkStore store;
    private final ContainerNets nets;
    private final ContainerFiles files;
    private final BridgeDriver driver;
    private final DnsNames names = new DnsNames();
    private final EmbeddedDns server = new EmbeddedDns(names);

    ContainerResolvers(NetworkStore store, ContainerNets nets, ContainerFiles files, BridgeDriver driver) {
        this.store = store;
        this.nets = nets;
        this.files = files;
        this.driver = driver;
    }

    /** The container's endpoints on these networks changed (joined, left, or its task started or ended). */
    void changed(ContainerNet n, Collection<String> networkIds) {
        for (String netId : List.copyOf(networkIds)) {
            NetworkDef def = store.find(netId);
            if (def != null && !def.isDefaultBridge()) {
                names.refresh(def, nets.onNetwork(netId));
            }
        }
        if (n.pid == 0 || n.netns.isEmpty()) {
            server.stop(n.id);
            return;
        }
        ResolverScope scope = scope(n);
        if (server.serves(n.id)) {
            server.update(n.id, scope);
        } else if (!scope.networkIds().isEmpty()) {
            try {
                server.start(n.id, driver.bindResolver(n.netns, ADDRESS), scope);
                files.useEmbeddedDns(n);
            } catch (IOException e) {
                LOG.warn("container {}: embedded DNS server not started: {}", n.id, e.getMessage());
            }
        }
    }

    /** The running containers' resolvers again, after a daemon restart. */
    void resume(Collection<ContainerNet> containers) {
        for (ContainerNet n : containers) {
            if (n.pid > 0 && !n.netns.isEmpty() && !n.endpoints.isEmpty()) {
                changed(n, n.endpoints.keySet());
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }

    private ResolverScope scope(ContainerNet n) {
        List<String> networkIds = new ArrayList<>();
        for (String netId : List.copyOf(n.endpoints.keySet())) {
            NetworkDef def = store.find(netId);
            if (def != null && !def.isDefaultBridge()) {
                networkIds.add(netId);
            }
        }
        List<InetSocketAddress> upstreams = new ArrayList<>();
        for (String ip : files.upstreams(n)) {
            upstreams.add(new InetSocketAddress(ip, 53));
        }
        // the container's --link and each endpoint's EndpointConfig.Links (dockerd keeps the latter per
        // network; one table for the container answers the same unless two networks reuse an alias)
        List<String> links = new ArrayList<>(n.links);
        n.networks.values().forEach(r -> links.addAll(r.links));
        return new ResolverScope(networkIds, links(links), upstreams);
    }

    /** {@code name:alias} (the name may carry its slash, the alias its container's path) → alias → name. */
    static Map<String, String> links(List<String> links) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String link : links) {
            int colon = link.indexOf(':');
            String name = (colon < 0 ? link : link.substring(0, colon)).replaceFirst("^/", "");
            String alias = colon < 0 ? name : link.substring(colon + 1);
            alias = alias.substring(alias.lastIndexOf('/') + 1);
            out.put(alias.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
