package io.linnet.itests;

import java.util.List;

/** Clean-up of what network tests leave on the host and in their daemon. */
final class TestBridges {
    private TestBridges() {
    }

    /**
     * Deletes a default bridge a test daemon was given ({@code --bridge}) and its iptables rules: the
     * daemon leaves both behind on stop, as dockerd leaves docker0.
     */
    static void removeBridge(String bridge) throws Exception {
        Commands.run("ip", "link", "del", bridge);
        // a dual-stack bridge has its forwarding rules in ip6tables too
        for (String command : List.of("iptables", "ip6tables")) {
            for (String table : List.of("nat", "filter")) {
                for (String rule : Commands.lines(Commands.run(command, "-t", table, "-S").stdout())) {
                    if (rule.startsWith("-A ") && rule.contains(bridge)) {
                        // the shell keeps the quoted comment one word
                        Commands.run("sh", "-c", command + " -t " + table + " -D " + rule.substring(3));
                    }
                }
            }
        }
    }

    /** Removes every container and every user-defined network of the daemon. */
    static void removeContainersAndNetworks(LinnetDaemon daemon) throws Exception {
        daemon.removeAllContainers();
        for (String name : Commands.lines(daemon.docker("network", "ls", "--filter", "type=custom", "--format",
                "{{.Name}}").stdout())) {
            daemon.docker("network", "rm", name);
        }
    }
}
