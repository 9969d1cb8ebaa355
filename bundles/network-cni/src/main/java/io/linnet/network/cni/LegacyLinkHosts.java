package io.linnet.network.cni;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The /etc/hosts lines of a container's legacy links on the default bridge (moby's buildSandboxOptions):
 * each linked container that has an address there, by its alias, its hostname and its name. The
 * containers linking to one are found through {@link ContainerNets}' index under {@link #INDEX_PREFIX},
 * so a start rewrites only the hosts files that name it.
 */
final class LegacyLinkHosts {

    /** The key {@link ContainerNets} indexes a container under for each container it links to. */
    static final String INDEX_PREFIX = "link:";

    private LegacyLinkHosts() {
    }

    /** @param defaultBridge whether a network ID is the default bridge's */
    static List<EtcFiles.HostEntry> entries(ContainerNet n, ContainerNets nets, Predicate<String> defaultBridge) {
        List<EtcFiles.HostEntry> out = new ArrayList<>();
        if (n.endpoints.keySet().stream().noneMatch(defaultBridge)) {
            return out; // links are the default bridge's only
        }
        n.legacyLinks.forEach((alias, childId) -> {
            ContainerNet child = nets.get(childId);
            if (child == null) {
                return;
            }
            for (var e : child.endpoints.entrySet()) {
                if (defaultBridge.test(e.getKey()) && !e.getValue().ipAddress.isEmpty()) {
                    List<String> names = new ArrayList<>(List.of(alias, child.hostname));
                    if (!alias.equals(child.shortName())) {
                        names.add(child.shortName());
                    }
                    out.add(new EtcFiles.HostEntry(e.getValue().ipAddress, names));
                }
            }
        });
        return out;
    }

    /** The running containers whose links name {@code child}: their hosts files follow its address. */
    static List<ContainerNet> linking(ContainerNet child, ContainerNets nets) {
        return nets.onNetwork(INDEX_PREFIX + child.id).stream()
                .filter(p -> p.pid > 0 && p.legacyLinks.containsValue(child.id)).toList();
    }
}
