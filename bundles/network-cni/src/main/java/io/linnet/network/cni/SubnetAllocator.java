package io.linnet.network.cni;

import io.linnet.engine.api.NotFoundException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Subnets of bridge networks, as libnetwork's default IPAM hands them out: a network without a
 * subnet gets the first one of the address pools that no network uses and no host route covers; a
 * network asking for one must not overlap another network's.
 */
final class SubnetAllocator {

    private final List<String> pools;
    private final Supplier<List<String>> hostRoutes;

    /**
     * @param pools      "base/prefix/size" as dockerd's default-address-pools ("172.31.0.0/16/24")
     * @param hostRoutes the host's IPv4 route destinations (CIDRs), read at each allocation
     */
    SubnetAllocator(List<String> pools, Supplier<List<String>> hostRoutes) {
        this.pools = pools.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        this.hostRoutes = hostRoutes;
    }

    /** The first pool subnet that overlaps neither a subnet in use nor a host route. */
    String allocate(Collection<String> subnetsInUse) {
        List<String> used = new ArrayList<>(subnetsInUse);
        used.addAll(hostRoutes.get());
        for (String pool : pools) {
            String[] parts = pool.split("/");
            String base = parts[0] + "/" + parts[1];
            int size = Integer.parseInt(parts[2]);
            long[] n = Ipv4.network(base);
            long count = 1L << (size - n[1]);
            for (long i = 0; i < count; i++) {
                String candidate = Ipv4.format(n[0] + (i << (32 - size))) + "/" + size;
                if (used.stream().noneMatch(u -> Ipv4.overlaps(u, candidate))) {
                    return candidate;
                }
            }
        }
        // libnetwork's ErrNoAvailablePool: 404 from dockerd 20.10 (seen side by side)
        throw new NotFoundException("could not find an available, non-overlapping IPv4 address pool among the "
                + "defaults to assign to the network");
    }
}
