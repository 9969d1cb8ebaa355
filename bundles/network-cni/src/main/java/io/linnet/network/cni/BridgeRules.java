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
            for (List<String> rule : rules(net)) {
                List<String> check = new ArrayList<>(List.of("iptables", "-w", "-t", rule.get(0), "-C"));
                check.addAll(rule.subList(1, rule.size()));
                try {
                    Netns.run(check);
                } catch (IOException missing) {
                    List<String> insert = new ArrayList<>(List.of("iptables", "-w", "-t", rule.get(0), "-I"));
                    insert.addAll(rule.subList(1, rule.size()));
                    Netns.run(insert);
                }
            }
            ensured.add(net.id());
        } catch (IOException e) {
            LOG.warn("network {}: its iptables rules could not be set: {}", net.name(), e.getMessage());
        }
    }

    /** Removes the network's rules (network removed); absent rules are no error. */
    void remove(NetworkDef net) {
        ensured.remove(net.id());
        for (List<String> rule : rules(net)) {
            List<String> delete = new ArrayList<>(List.of("iptables", "-w", "-t", rule.get(0), "-D"));
            delete.addAll(rule.subList(1, rule.size()));
            try {
                Netns.run(delete);
            } catch (IOException absent) {
                LOG.debug("network {}: no rule to delete: {}", net.name(), absent.getMessage());
            }
        }
    }

    /** Table first, then chain and rule. An internal network only forwards between its own containers. */
    static List<List<String>> rules(NetworkDef net) {
        String bridge = net.bridge();
        // named by the bridge, so daemons sharing one (each its own data root) find the rules, not add them twice
        String comment = "linnet bridge " + bridge;
        List<List<String>> rules = new ArrayList<>();
        if (net.internal()) {
            rules.add(List.of("filter", "FORWARD", "-i", bridge, "-o", bridge, "-m", "comment", "--comment", comment,
                    "-j", "ACCEPT"));
            return rules;
        }
        rules.add(List.of("nat", "POSTROUTING", "-s", net.subnet(), "!", "-o", bridge, "-m", "comment", "--comment",
                comment, "-j", "MASQUERADE"));
        rules.add(List.of("filter", "FORWARD", "-o", bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED",
                "-m", "comment", "--comment", comment, "-j", "ACCEPT"));
        rules.add(List.of("filter", "FORWARD", "-i", bridge, "-m", "comment", "--comment", comment, "-j", "ACCEPT"));
        return rules;
    }
}
