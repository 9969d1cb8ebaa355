package io.linnet.network.cni;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bridge network's iptables rules, one set per network as dockerd keeps them (masquerading of
 * the subnet, forwarding in and out of the bridge), instead of the CNI bridge plugin's ipMasq and
 * the firewall plugin, which add and remove a dozen rules for every container and made each
 * {@code docker run} pay for them twice.
 */
final class BridgeRules {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeRules.class);

    /** Networks whose rules were checked by this daemon: later containers skip iptables entirely. */
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    /** Adds the network's rules that are missing; a failure is logged, the container still starts. */
    void ensure(NetworkDef net) {
        if (ensured.contains(net.id())) {
            return;
        }
        try {
            ensure("iptables", rules(net));
            ensure("ip6tables", rules6(net));
            ensured.add(net.id());
        } catch (IOException e) {
            LOG.warn("network {}: its iptables rules could not be set: {}", net.name(), e.getMessage());
        }
    }

    private static void ensure(String command, List<List<String>> rules) throws IOException {
        for (List<String> rule : rules) {
            List<String> check = new ArrayList<>(List.of(command, "-w", "-t", rule.get(0), "-C"));
            check.addAll(rule.subList(1, rule.size()));
            try {
                Netns.run(check);
            } catch (IOException missing) {
                List<String> insert = new ArrayList<>(List.of(command, "-w", "-t", rule.get(0), "-I"));
                insert.addAll(rule.subList(1, rule.size()));
                Netns.run(insert);
            }
        }
    }

    /** Removes the network's rules (network removed); absent rules are no error. */
    void remove(NetworkDef net) {
        ensured.remove(net.id());
        remove(net, "iptables", rules(net));
        remove(net, "ip6tables", rules6(net));
    }

    private static void remove(NetworkDef net, String command, List<List<String>> rules) {
        for (List<String> rule : rules) {
            List<String> delete = new ArrayList<>(List.of(command, "-w", "-t", rule.get(0), "-D"));
            delete.addAll(rule.subList(1, rule.size()));
            try {
                Netns.run(delete);
            } catch (IOException absent) {
                LOG.debug("network {}: no rule to delete: {}", net.name(), absent.getMessage());
            }
        }
    }

    /**
     * The IPv4 rules, table first, then chain and rule; each is inserted at the top, so the last one
     * comes first. An internal network only forwards between its own containers; with enable_icc=false
     * its containers do not reach each other (dockerd's DROP), with enable_ip_masquerade=false its
     * traffic leaves with the containers' own addresses.
     */
    static List<List<String>> rules(NetworkDef net) {
        List<List<String>> rules = new ArrayList<>();
        if (!net.internal() && net.masquerade()) {
            rules.add(List.of("nat", "POSTROUTING", "-s", net.subnet(), "!", "-o", net.bridge(), "-m", "comment",
                    "--comment", comment(net), "-j", "MASQUERADE"));
        }
        rules.addAll(forwarding(net));
        return rules;
    }

    /** The IPv6 rules of a dual-stack network: forwarding only (as dockerd without ip6tables, no NAT). */
    static List<List<String>> rules6(NetworkDef net) {
        return net.hasIpv6() ? forwarding(net) : List.of();
    }

    private static List<List<String>> forwarding(NetworkDef net) {
        String bridge = net.bridge();
        String comment = comment(net);
        List<List<String>> rules = new ArrayList<>();
        if (net.internal()) {
            if (net.icc()) {
                rules.add(List.of("filter", "FORWARD", "-i", bridge, "-o", bridge, "-m", "comment", "--comment",
                        comment, "-j", "ACCEPT"));
            }
        } else {
            rules.add(List.of("filter", "FORWARD", "-o", bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED",
                    "-m", "comment", "--comment", comment, "-j", "ACCEPT"));
            rules.add(List.of("filter", "FORWARD", "-i", bridge, "-m", "comment", "--comment", comment, "-j", "ACCEPT"));
        }
        if (!net.icc()) {
            rules.add(List.of("filter", "FORWARD", "-i", bridge, "-o", bridge, "-m", "comment", "--comment", comment,
                    "-j", "DROP"));
        }
        return rules;
    }

    /** Named by the bridge, so daemons sharing one (each its own data root) find the rules, not add them twice. */
    private static String comment(NetworkDef net) {
        return "linnet bridge " + net.bridge();
    }
}
