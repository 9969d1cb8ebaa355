package io.linnet.network.cni;

import java.util.Arrays;
import java.util.List;

/**
 * The daemon's dns, dns-opts and dns-search: each used for a container that sets none of its own
 * (dockerd's buildSandboxOptions), in its generated /etc/resolv.conf.
 */
record DnsDefaults(List<String> servers, List<String> options, List<String> search) {
    static final DnsDefaults NONE = new DnsDefaults(List.of(), List.of(), List.of());

    DnsDefaults {
        servers = List.copyOf(servers);
        options = List.copyOf(options);
        search = List.copyOf(search);
    }

    /** From the configuration's comma-separated values. */
    static DnsDefaults of(String servers, String options, String search) {
        return new DnsDefaults(items(servers), items(options), items(search));
    }

    private static List<String> items(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static List<String> orDefault(List<String> own, List<String> daemon) {
        return own == null || own.isEmpty() ? daemon : own;
    }
}
