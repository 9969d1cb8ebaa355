package io.linnet.containerd.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.linnet.api.model.container.HostConfig;
import io.linnet.containerd.proto.containers.Container;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.NotFoundException;
import io.linnet.engine.api.UnknownException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * dockerd's legacy links ({@code --link name:alias}, HostConfig.Links) on the default bridge, as
 * moby 24 makes them: resolved to the linked containers' IDs at create and kept on the record
 * ({@link #LABEL}, alias → ID, so a renamed container stays linked), shown by inspect as
 * "/child:/parent/alias", and turned into the ALIAS_* environment at each start (moby's
 * daemon/links). On a user-defined network links are DNS aliases only (network-cni), as dockerd.
 */
final class LegacyLinks {

    static final String LABEL = ContainerRecords.PREFIX + "links";
    private static final TypeReference<LinkedHashMap<String, String>> ALIASES = new TypeReference<>() {
    };

    private LegacyLinks() {
    }

    /** moby's opts.ParseLink over HostConfig.Links: alias → linked container's name, in the given order. */
    static Map<String, String> parse(List<String> links) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String link : links == null ? List.<String>of() : links) {
            if (link.isEmpty()) {
                throw new UnknownException("empty string specified for links");
            }
            String[] parts = link.split(":", -1);
            if (parts.length > 2) {
                throw new UnknownException("bad format for links: " + link);
            }
            if (parts.length == 1) { // "--link /db" links as "db" (moby joins the alias to the parent's name as a path)
                out.putIfAbsent(link.replaceFirst("^/+", ""), link);
            } else if (parts[0].startsWith("/")) { // inspect's form, "/child:/parent/alias"
                out.putIfAbsent(parts[1].substring(parts[1].lastIndexOf('/') + 1), parts[0].substring(1));
            } else {
                out.putIfAbsent(parts[1].replaceFirst("^/+", ""), parts[0]);
            }
        }
        return out;
    }

    /**
     * moby's registerLinks at create: each linked container looked up (through {@code container:}
     * network modes to the one owning the namespace), host-network ones refused. Nothing on a
     * user-defined network, where links are resolved by DNS.
     *
     * @return alias → linked container's ID
     */
    static Map<String, String> resolve(HostConfig hostConfig, Function<String, Container> find) {
        if (hostConfig.links() == null || hostConfig.links().isEmpty() || userDefined(hostConfig.networkMode())) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        parse(hostConfig.links()).forEach((alias, name) -> {
            Container child = lookUp(find, name);
            String mode = ContainerRecords.hostConfig(child).networkMode();
            while (mode != null && mode.startsWith("container:")) {
                child = lookUp(find, mode.substring("container:".length()));
                mode = ContainerRecords.hostConfig(child).networkMode();
            }
            if ("host".equals(mode)) {
                throw new InvalidParameterException("conflicting options: host type networking can't be used with links."
                        + " This would result in undefined behavior");
            }
            out.put(alias, child.getId());
        });
        return out;
    }

    /** A name not found is the request's fault (400), not a missing object: the CLI would else try to pull. */
    private static Container lookUp(Function<String, Container> find, String name) {
        try {
            return find.apply(name);
        } catch (NotFoundException e) {
            throw new InvalidParameterException("could not get container for " + name + ": " + e.getMessage());
        }
    }

    /** Any network mode but the default bridge's, host, none and another container's namespace. */
    static boolean userDefined(String mode) {
        return mode != null && !mode.isEmpty() && !List.of("default", "bridge", "host", "none").contains(mode)
                && !mode.startsWith("container:");
    }

    /** The links a record keeps: alias → linked container's ID, in the order given at create. */
    static Map<String, String> of(Container record) {
        String json = record.getLabelsMap().get(LABEL);
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return ContainerRecords.MAPPER.readValue(json, ALIASES);
        } catch (JsonProcessingException e) {
            return Map.of(); // unreadable: as if there were none
        }
    }

    static String label(Map<String, String> aliases) {
        try {
            return ContainerRecords.MAPPER.writeValueAsString(aliases);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * HostConfig.Links as inspect shows it: "/child:/parent/alias" for each linked container that still
     * exists, by its current name; null when there are none (moby rebuilds it from its link index).
     */
    static List<String> inspectForm(String parentName, Map<String, String> aliases, Function<String, String> nameOfId) {
        List<String> out = new ArrayList<>();
        aliases.forEach((alias, id) -> {
            String child = nameOfId.apply(id);
            if (child != null) {
                out.add(child + ":" + parentName + "/" + alias);
            }
        });
        return out.isEmpty() ? null : out;
    }

    /**
     * moby 24's Link.ToEnv: the linked container's first port, port ranges (three or more ports in a
     * row), each port, its name and its environment (but HOME and PATH), under the alias in capitals.
     *
     * @param linkName     "/parent/alias"
     * @param exposedPorts "5432/tcp", ...
     */
    static List<String> env(String linkName, String childIp, List<String> childEnv, Collection<String> exposedPorts) {
        String alias = linkName.substring(linkName.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT).replace('-', '_');
        List<Port> ports = new ArrayList<>(exposedPorts.stream().map(Port::of).toList());
        // by number; of two with the same number the TCP one first
        ports.sort(Comparator.comparingInt(Port::number).thenComparing(p -> !p.proto().equals("tcp")));
        List<String> env = new ArrayList<>();
        if (!ports.isEmpty()) {
            Port first = ports.get(0);
            env.add(alias + "_PORT=" + first.proto() + "://" + childIp + ":" + first.number());
        }
        for (int i = 0; i < ports.size(); ) {
            Port p = ports.get(i);
            int j = nextContiguous(ports, p.number(), i);
            if (j > i + 1) {
                String prefix = alias + "_PORT_" + p.number() + "_" + p.proto().toUpperCase(Locale.ROOT);
                Port q = ports.get(j);
                env.add(prefix + "_START=" + p.proto() + "://" + childIp + ":" + p.number());
                env.add(prefix + "_ADDR=" + childIp);
                env.add(prefix + "_PROTO=" + p.proto());
                env.add(prefix + "_PORT_START=" + p.number());
                String endPrefix = alias + "_PORT_" + p.number() + "_" + q.proto().toUpperCase(Locale.ROOT);
                env.add(endPrefix + "_END=" + q.proto() + "://" + childIp + ":" + q.number());
                env.add(endPrefix + "_PORT_END=" + q.number());
                i = j + 1;
            } else {
                i++;
            }
        }
        for (Port p : ports) {
            String prefix = alias + "_PORT_" + p.number() + "_" + p.proto().toUpperCase(Locale.ROOT);
            env.add(prefix + "=" + p.proto() + "://" + childIp + ":" + p.number());
            env.add(prefix + "_ADDR=" + childIp);
            env.add(prefix + "_PORT=" + p.number());
            env.add(prefix + "_PROTO=" + p.proto());
        }
        env.add(alias + "_NAME=" + linkName);
        for (String entry : childEnv == null ? List.<String>of() : childEnv) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = entry.substring(0, eq);
            if (!key.equals("HOME") && !key.equals("PATH")) { // set by builds, of no use to the linking container
                env.add(alias + "_ENV_" + entry);
            }
        }
        return env;
    }

    /** moby's nextContiguous: the last index of the run of consecutive numbers starting at {@code index}. */
    private static int nextContiguous(List<Port> ports, int value, int index) {
        if (index + 1 == ports.size()) {
            return index;
        }
        for (int i = index + 1; i < ports.size(); i++) {
            if (ports.get(i).number() > value + 1) {
                return i - 1;
            }
            value++;
        }
        return ports.size() - 1;
    }

    /**
     * The process environment with the links' variables in place of those of an earlier start: they
     * go after PATH, HOSTNAME and TERM, and a variable the container sets itself wins (moby's
     * CreateDaemonEnvironment puts Config.Env over the linked ones).
     *
     * @param previous the link variables an earlier start added (removed first)
     */
    static List<String> withLinkEnv(List<String> processEnv, List<String> previous, List<String> linkEnv) {
        List<String> env = new ArrayList<>(processEnv);
        previous.forEach(env::remove);
        int at = 0;
        while (at < env.size() && List.of("PATH", "HOSTNAME", "TERM").contains(key(env.get(at)))) {
            at++;
        }
        List<String> added = new ArrayList<>();
        for (String entry : linkEnv) {
            String key = key(entry);
            if (env.stream().noneMatch(e -> key(e).equals(key)) && added.stream().noneMatch(e -> key(e).equals(key))) {
                added.add(entry);
            }
        }
        env.addAll(at, added);
        return env;
    }

    private static String key(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }

    /** An exposed port, "5432/tcp" (no protocol: tcp). */
    record Port(int number, String proto) {
        static Port of(String spec) {
            int slash = spec.indexOf('/');
            String number = slash < 0 ? spec : spec.substring(0, slash);
            String proto = slash < 0 ? "tcp" : spec.substring(slash + 1).toLowerCase(Locale.ROOT);
            int dash = number.indexOf('-'); // a range in ExposedPorts: its first port
            return new Port(Integer.parseInt(dash < 0 ? number : number.substring(0, dash)), proto);
        }
    }
}
