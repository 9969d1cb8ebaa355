package io.linnet.network.cni;

import io.linnet.engine.api.ForbiddenException;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.network.Network;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A bridge network's address plan from IPAM.Config, checked as libnetwork's default IPAM and bridge
 * driver check it: at most one IPv4 and one IPv6 pool; an IPv4 subnet from the address pools when none
 * is given; an IPv6 pool only from the client (dockerd has no default IPv6 pool); gateways, ranges and
 * auxiliary addresses inside their subnet.
 *
 * @param auxAddresses both families' AuxiliaryAddresses, in the order given
 */
record IpamPlan(String subnet, String gateway, String ipRange, String subnet6, String gateway6, String ipRange6,
        Map<String, String> auxAddresses, boolean autoSubnet) {

    /**
     * @param subnetsInUse  the subnets of the other bridge networks (both families)
     * @param autoAllocator the next free IPv4 subnet of the pools, asked only when none is given
     */
    static IpamPlan of(List<Network.IpamConfig> configs, boolean enableIpv6, Collection<String> subnetsInUse,
            Supplier<String> autoAllocator) {
        Network.IpamConfig v4 = null;
        Network.IpamConfig v6 = null;
        for (Network.IpamConfig c : configs) {
            boolean isV6 = !blank(c.subnet()) && c.subnet().contains(":");
            if (isV6 ? v6 != null : v4 != null) {
                throw new InvalidParameterException("bridge networks take one IPv" + (isV6 ? 6 : 4) + " subnet here");
            }
            if (isV6) {
                v6 = c;
            } else {
                v4 = c;
            }
        }
        Map<String, String> aux = new LinkedHashMap<>();
        String subnet;
        boolean auto = v4 == null || blank(v4.subnet());
        if (auto) {
            if (v4 != null && (!blank(v4.ipRange()) || !blank(v4.gateway()) || !v4.auxAddresses().isEmpty())) {
                throw new InvalidParameterException("ip-range and gateway need a subnet");
            }
            subnet = autoAllocator.get();
        } else {
            if (!Ipv4.isCidr(v4.subnet())) {
                throw new InvalidParameterException("invalid CIDR address: " + v4.subnet());
            }
            subnet = Ipv4.canonical(v4.subnet());
            checkFree(subnet, subnetsInUse);
        }
        String gateway = auto || blank(v4.gateway()) ? Ipv4.firstHost(subnet) : v4.gateway();
        if (!gateway.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || !Ipv4.contains(subnet, gateway)) {
            throw new ForbiddenException("no matching subnet for gateway " + gateway);
        }
        String ipRange = auto || blank(v4.ipRange()) ? "" : v4.ipRange();
        if (!ipRange.isEmpty() && (!Ipv4.isCidr(ipRange) || !Ipv4.overlaps(subnet, ipRange)
                || Ipv4.network(ipRange)[1] < Ipv4.network(subnet)[1])) {
            throw new ForbiddenException("no matching subnet for range " + ipRange);
        }
        if (v4 != null) {
            v4.auxAddresses().forEach((name, ip) -> {
                if (!ip.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || !Ipv4.contains(subnet, ip)) {
                    throw new ForbiddenException("no matching subnet for aux-address " + ip);
                }
                aux.put(name, ip);
            });
        }
        String subnet6 = "";
        String gateway6 = "";
        String ipRange6 = "";
        if (v6 != null) {
            if (!Ipv6.isCidr(v6.subnet())) {
                throw new InvalidParameterException("invalid CIDR address: " + v6.subnet());
            }
            subnet6 = Ipv6.canonical(v6.subnet());
            checkFree(subnet6, subnetsInUse);
            gateway6 = blank(v6.gateway()) ? Ipv6.firstHost(subnet6) : v6.gateway();
            if (!Ipv6.isAddress(gateway6) || !Ipv6.contains(subnet6, gateway6)) {
                throw new ForbiddenException("no matching subnet for gateway " + gateway6);
            }
            gateway6 = Ipv6.normalize(gateway6);
            if (!blank(v6.ipRange())) {
                if (!Ipv6.isCidr(v6.ipRange()) || !Ipv6.overlaps(subnet6, v6.ipRange())
                        || Ipv6.network(v6.ipRange()).prefix() < Ipv6.network(subnet6).prefix()) {
                    throw new ForbiddenException("no matching subnet for range " + v6.ipRange());
                }
                ipRange6 = Ipv6.canonical(v6.ipRange());
            }
            for (var e : v6.auxAddresses().entrySet()) {
                if (!Ipv6.isAddress(e.getValue()) || !Ipv6.contains(subnet6, e.getValue())) {
                    throw new ForbiddenException("no matching subnet for aux-address " + e.getValue());
                }
                aux.put(e.getKey(), Ipv6.normalize(e.getValue()));
            }
        } else if (enableIpv6) {
            // libnetwork's default IPAM: a NotFound error, so 404 as dockerd
            throw new NotFoundException("could not find an available, non-overlapping IPv6 address pool among the "
                    + "defaults to assign to the network");
        }
        return new IpamPlan(subnet, gateway, ipRange.isEmpty() ? "" : Ipv4.canonical(ipRange), subnet6, gateway6,
                ipRange6, aux, auto);
    }

    /** A subnet the client asked for must not overlap another network's; host routes do not count (as dockerd). */
    static void checkFree(String subnet, Collection<String> subnetsInUse) {
        boolean v6 = subnet.contains(":");
        for (String other : subnetsInUse) {
            if (other.isEmpty() || other.contains(":") != v6) {
                continue;
            }
            if (v6 ? Ipv6.overlaps(other, subnet) : Ipv4.overlaps(other, subnet)) {
                throw new ForbiddenException("Pool overlaps with other one on this address space");
            }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
