package io.linnet.network.cni;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What one container's resolver answers from and forwards to.
 *
 * @param networkIds its user networks, in the order it joined them
 * @param links      --link aliases (lower case) → the linked container's name
 * @param upstreams  the servers it forwards other names to, port 53
 */
record ResolverScope(List<String> networkIds, Map<String, String> links, List<InetSocketAddress> upstreams) {

    ResolverScope {
        networkIds = List.copyOf(networkIds);
        links = Map.copyOf(links);
        upstreams = List.copyOf(upstreams);
    }
}
