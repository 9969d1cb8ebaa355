package io.linnet.network.cni;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Removes the shared chains portmap and firewall leave behind by design once no container uses
 * them (CNI-HOSTPORT-DNAT without rules, CNI-FORWARD holding only its jump to an empty CNI-ADMIN),
 * so a host where every container has stopped has the rules it had before. Both families: portmap makes its
 * chains in ip6tables too once a container with an IPv6 address publishes a port.
 */
final class IptablesCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(IptablesCleanup.class);
    static final Set<String> PORTMAP_CHAINS = Set.of("CNI-HOSTPORT-DNAT", "CNI-HOSTPORT-SETMARK", "CNI-HOSTPORT-MASQ");
    static final Set<String> FIREWALL_CHAINS = Set.of("CNI-FORWARD", "CNI-ADMIN");

    private IptablesCleanup() {
    }

    static void removeUnusedChains() {
        for (String command : List.of("iptables", "ip6tables")) {
            try {
                clean(command, "nat", PORTMAP_CHAINS, "CNI-HOSTPORT-DNAT");
                clean(command, "filter", FIREWALL_CHAINS, "CNI-FORWARD");
            } catch (IOException e) {
                LOG.debug("{} clean-up skipped: {}", command, e.getMessage());
            }
        }
    }

    /**
     * When {@code main} has no rule but jumps into the set, removes the jumps to the set's chains from
     * other chains, then flushes and deletes them.
     */
    private static void clean(String command, String table, Set<String> chains, String main) throws IOException {
        List<String> rules = List.of(Netns.run(List.of(command, "-t", table, "-S")).split("\n"));
        if (rules.stream().noneMatch(r -> r.equals("-N " + main))) {
            return;
        }
        if (!unused(rules, chains, main)) {
            return;
        }
        List<String> jumps = new ArrayList<>();
        for (String r : rules) {
            if (!r.startsWith("-A ")) {
                continue;
            }
            String chain = r.split(" ")[1];
            if (!chains.contains(chain) && chains.stream().anyMatch(c -> r.endsWith("-j " + c) || r.contains("-j " + c + " "))) {
                jumps.add(r);
            }
        }
        for (String jump : jumps) {
            List<String> cmd = new ArrayList<>(List.of(command, "-t", table));
            cmd.addAll(RuleWords.split("-D" + jump.substring(2)));
            run(cmd);
        }
        for (String c : chains) {
            run(List.of(command, "-t", table, "-F", c));
        }
        for (String c : chains) {
            run(List.of(command, "-t", table, "-X", c));
        }
        LOG.debug("removed the unused {} chains of {} table {}", chains, command, table);
    }

    /** {@code main}'s rules only jump to chains of the set that have no rules but such jumps or fixed ones. */
    static boolean unused(List<String> rules, Set<String> chains, String main) {
        for (String r : rules) {
            if (!r.startsWith("-A " + main + " ")) {
                continue;
            }
            boolean jumpInSet = chains.stream().anyMatch(c -> r.endsWith("-j " + c));
            if (!jumpInSet) {
                return false;
            }
        }
        if (main.equals("CNI-FORWARD")) {
            return rules.stream().noneMatch(r -> r.startsWith("-A CNI-ADMIN "));
        }
        return true;
    }

    private static void run(List<String> cmd) {
        try {
            Netns.run(cmd);
        } catch (IOException e) {
            LOG.debug("{}", e.getMessage());
        }
    }

    /** Splits an iptables -S line into words, keeping quoted comments whole. */
    static final class RuleWords {
        private RuleWords() {
        }

        static List<String> split(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            for (char ch : line.toCharArray()) {
                if (ch == '"') {
                    quoted = !quoted;
                    any = true;
                } else if (ch == ' ' && !quoted) {
                    if (any) {
                        out.add(cur.toString());
                    }
                    cur.setLength(0);
                    any = false;
                } else {
                    cur.append(ch);
                    any = true;
                }
            }
            if (any) {
                out.add(cur.toString());
            }
            return out;
        }
    }
}
