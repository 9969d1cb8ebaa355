package io.linnet.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** dockerd-style flags ({@code -H x}, {@code --host=x}, {@code --debug}) into option name → value. */
final class CommandLine {
    /** Value-taking flags, by every spelling, to their daemon.json option name. */
    private static final Map<String, String> VALUED = Map.ofEntries(
            Map.entry("-H", "hosts"),
            Map.entry("--host", "hosts"),
            Map.entry("--data-root", "data-root"),
            Map.entry("--exec-root", "exec-root"),
            Map.entry("--containerd", "containerd"),
            Map.entry("--containerd-namespace", "containerd-namespace"),
            Map.entry("--config-file", "config-file"),
            Map.entry("--bip", "bip"),
            Map.entry("--fixed-cidr", "fixed-cidr"),
            Map.entry("--fixed-cidr-v6", "fixed-cidr-v6"),
            Map.entry("--mtu", "mtu"),
            Map.entry("--ip", "ip"),
            Map.entry("--default-address-pool", "default-address-pools"),
            Map.entry("-b", "bridge"),
            Map.entry("--bridge", "bridge"),
            Map.entry("-p", "pidfile"),
            Map.entry("--pidfile", "pidfile"),
            Map.entry("--insecure-registry", "insecure-registries"),
            Map.entry("--registry-mirror", "registry-mirrors"),
            Map.entry("--max-download-attempts", "max-download-attempts"),
            Map.entry("--tlscacert", "tlscacert"),
            Map.entry("--tlscert", "tlscert"),
            Map.entry("--tlskey", "tlskey"),
            Map.entry("--label", "labels"),
            Map.entry("-l", "log-level"),
            Map.entry("--log-level", "log-level"),
            Map.entry("--max-concurrent-downloads", "max-concurrent-downloads"),
            Map.entry("--max-concurrent-uploads", "max-concurrent-uploads"),
            Map.entry("--shutdown-timeout", "shutdown-timeout"),
            Map.entry("--log-driver", "log-driver"),
            Map.entry("--log-opt", "log-opts"),
            Map.entry("--default-ulimit", "default-ulimits"),
            Map.entry("--default-shm-size", "default-shm-size"),
            Map.entry("--default-cgroupns-mode", "default-cgroupns-mode"),
            Map.entry("--add-runtime", "runtimes"),
            Map.entry("--default-runtime", "default-runtime"),
            Map.entry("--dns", "dns"),
            Map.entry("--dns-opt", "dns-opts"),
            Map.entry("--dns-search", "dns-search"),
            Map.entry("--cgroup-parent", "cgroup-parent"),
            Map.entry("--exec-opt", "exec-opts"),
            Map.entry("-G", "group"),
            Map.entry("--group", "group"),
            Map.entry("--init-path", "init-path"));
    /** Flags that may repeat, collected into a list as dockerd does. */
    private static final java.util.Set<String> LISTS = java.util.Set.of("hosts", "insecure-registries",
            "registry-mirrors", "labels", "log-opts", "default-ulimits", "runtimes", "dns", "dns-opts", "dns-search",
            "exec-opts", "default-address-pools");
    private static final Map<String, String> SWITCHES = Map.ofEntries(Map.entry("-D", "debug"),
            Map.entry("--debug", "debug"), Map.entry("--tls", "tls"), Map.entry("--tlsverify", "tlsverify"),
            Map.entry("--live-restore", "live-restore"), Map.entry("--experimental", "experimental"),
            Map.entry("--init", "init"), Map.entry("--ipv6", "ipv6"), Map.entry("--icc", "icc"),
            Map.entry("--iptables", "iptables"), Map.entry("--ip-forward", "ip-forward"));

    private CommandLine() {
    }

    static final String HELP = """
            Usage:  linnetd [OPTIONS]

            A Docker Engine API (v1.43) daemon on containerd.

            Options:
                  --add-runtime runtime           Register an additional OCI runtime (name=path)
                  --cgroup-parent string          Set parent cgroup for all containers (default "/linnet")
                  --config-file string            Daemon configuration file (default "/etc/linnet/daemon.json")
                  --containerd string             containerd grpc address (default: run a managed containerd)
                  --containerd-namespace string   containerd namespace to use (default "linnet")
                  --data-root string              Root directory of persistent state (default "/var/lib/linnet")
              -b, --bridge string                 Linux bridge of the default bridge network (default "linnet0")
                  --bip string                    Address and prefix of the default bridge (default "172.30.0.1/16")
              -D, --debug                         Enable debug mode
                  --default-address-pool pool-options Default address pools for networks without a subnet (base=10.123.0.0/16,size=24)
                  --default-cgroupns-mode string  Default mode for containers cgroup namespace ("host" | "private") (default: "private" on cgroup v2, "host" on v1)
                  --default-runtime string        Default OCI runtime for containers (default "runc")
                  --default-shm-size bytes        Default shm size for containers (default 64MiB)
                  --default-ulimit ulimit         Default ulimits for containers (name=soft:hard)
                  --dns list                      DNS server to use
                  --dns-opt list                  DNS options to use
                  --dns-search list               DNS search domains to use
                  --exec-opt list                 Runtime execution options (native.cgroupdriver=cgroupfs)
                  --exec-root string              Root directory for execution state files (default "/run/linnet")
                  --experimental                  Enable experimental features
                  --fixed-cidr string             IPv4 subnet for fixed IPs on the default bridge
                  --fixed-cidr-v6 string          IPv6 subnet for fixed IPs on the default bridge
              -G, --group string                  Group for the unix socket (default "docker")
              -H, --host list                     Daemon socket(s) to connect to (default unix:///run/linnet.sock)
              -h, --help                          Print usage
                  --init                          Run an init in the container to forward signals and reap processes
                  --init-path string              Path to the docker-init binary
                  --icc                           Enable inter-container communication on the default bridge (default true)
                  --insecure-registry list        Enable insecure registry communication
                  --ip ip                         Default IP when binding container ports (default 0.0.0.0)
                  --ip-forward                    Enable net.ipv4.ip_forward (default true)
                  --iptables                      Enable addition of iptables rules (default true)
                  --ipv6                          Enable IPv6 networking on the default bridge
                  --label list                    Set key=value labels to the daemon
                  --live-restore                  Enable live restore of docker when containers are still running
                  --log-driver string             Default driver for container logs: json-file, local or none (default "json-file")
                  --log-opt map                   Default log driver options for containers (default map[])
              -l, --log-level string              Set the logging level ("debug"|"info"|"warn"|"error"|"fatal") (default "info")
                  --max-concurrent-downloads int  Set the max concurrent downloads (default 3)
                  --max-concurrent-uploads int    Set the max concurrent uploads (default 5)
                  --max-download-attempts int     Set the max download attempts for each pull (default 5)
                  --mtu int                       Set the containers network MTU (default 1500)
              -p, --pidfile string                Path to use for daemon PID file (default "/run/linnet.pid")
                  --registry-mirror list          Preferred Docker registry mirror
                  --shutdown-timeout int          Set the default shutdown timeout (default 15)
                  --tls                           Use TLS; implied by --tlsverify
                  --tlscacert string              Trust certs signed only by this CA (default "~/.docker/ca.pem")
                  --tlscert string                Path to TLS certificate file (default "~/.docker/cert.pem")
                  --tlskey string                 Path to TLS key file (default "~/.docker/key.pem")
                  --tlsverify                     Use TLS and verify the remote
            """;

    /** The parsed flags; a key "help" asks for usage. */
    static Map<String, Object> parse(String[] args) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            if (name.equals("-h") || name.equals("--help")) {
                out.put("help", true);
            } else if (SWITCHES.containsKey(name)) {
                out.put(SWITCHES.get(name), inline == null || Boolean.parseBoolean(inline));
            } else if (VALUED.containsKey(name)) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("flag needs an argument: " + name);
                    }
                    value = args[++i];
                }
                String key = VALUED.get(name);
                if (LISTS.contains(key)) {
                    lists.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
                } else {
                    out.put(key, value);
                }
            } else {
                throw new IllegalArgumentException("unknown flag: " + arg);
            }
        }
        out.putAll(lists);
        return out;
    }
}
