package io.linnet.launcher;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The daemon's settings after flags and daemon.json are merged, with dockerd's rules: a flag and
 * the file may not both set the same option, and unset options take dockerd-like defaults.
 */
public record DaemonOptions(
        List<String> hosts,
        Path dataRoot,
        Path execRoot,
        String containerd,
        String containerdNamespace,
        Path pidFile,
        boolean debug,
        List<String> insecureRegistries,
        String bip,
        String bridge,
        BridgeSettings bridgeSettings,
        List<String> registryMirrors,
        int maxDownloadAttempts,
        ApiTls tls,
        List<String> labels,
        int maxConcurrentDownloads,
        int maxConcurrentUploads,
        int shutdownTimeout,
        String logLevel,
        DaemonDefaults defaults,
        boolean liveRestore,
        boolean experimental,
        String group) {

    public static final String DEFAULT_HOST = "unix:///run/linnet.sock";

    /** Merges flags over the configuration file's settings; both come as dockerd's option names. */
    public static DaemonOptions merge(Map<String, Object> flags, Map<String, Object> file) {
        return merge(flags, file, System.getenv());
    }

    /** As {@link #merge(Map, Map)}, with the environment that sets TLS file defaults (DOCKER_CERT_PATH...). */
    static DaemonOptions merge(Map<String, Object> flags, Map<String, Object> file, Map<String, String> env) {
        checkConflicts(flags, file);
        Settings s = new Settings(flags, file);
        List<String> hosts = s.list("hosts");
        DaemonOptions options = new DaemonOptions(
                hosts.isEmpty() ? List.of(DEFAULT_HOST) : hosts,
                Path.of(s.string("data-root", "/var/lib/linnet")),
                Path.of(s.string("exec-root", "/run/linnet")),
                s.string("containerd", ""),
                s.string("containerd-namespace", "linnet"),
                Path.of(s.string("pidfile", "/run/linnet.pid")),
                s.bool("debug"),
                List.copyOf(s.list("insecure-registries")),
                s.string("bip", s.get("default-address-pools") == null ? "172.30.0.1/16" : ""),
                s.string("bridge", "linnet0"),
                BridgeSettings.of(s),
                RegistryMirrors.validate(s.list("registry-mirrors")),
                s.positive("max-download-attempts", 5, "invalid max download attempts"),
                ApiTls.resolve(s.optionalBool("tls"), s.optionalBool("tlsverify"), s.string("tlscacert", null),
                        s.string("tlscert", null), s.string("tlskey", null), env),
                EngineLabels.validate(s.list("labels")),
                s.atLeast("max-concurrent-downloads", 3, 0, "invalid max concurrent downloads"),
                s.atLeast("max-concurrent-uploads", 5, 0, "invalid max concurrent uploads"),
                s.atLeast("shutdown-timeout", 15, -1, "invalid shutdown timeout"),
                s.string("log-level", "info"),
                defaults(s),
                s.bool("live-restore"),
                s.bool("experimental"),
                s.string("group", SocketGroup.DEFAULT));
        Logging.level(options.logLevel()); // refused here, before anything starts
        options.validate();
        return options;
    }

    /** The container defaults, checked in dockerd's order: log driver, ulimits, runtimes, DNS. */
    private static DaemonDefaults defaults(Settings s) {
        String logDriver = s.string("log-driver", "json-file");
        Map<String, String> logOpts = s.keyValues("log-opts");
        DaemonDefaults.checkLog(logDriver, logOpts);
        DaemonDefaults.checkExecOpts(s.list("exec-opts"));
        Object ulimits = s.get("default-ulimits");
        List<String> parsedUlimits = ulimits instanceof List<?> ? s.list("default-ulimits").stream()
                .map(DaemonDefaults::ulimit).toList() : ulimits == null ? List.of() : DaemonDefaults.ulimitsOfFile(ulimits);
        // runtimes may come from both, merged (dockerd's skipDuplicates)
        Map<String, String> runtimes = DaemonDefaults.runtimes(s.file().get("runtimes"),
                new Settings(s.flags(), Map.of()).list("runtimes"));
        return new DaemonDefaults(logDriver, logOpts, parsedUlimits, DaemonDefaults.shmSize(s.get("default-shm-size")),
                DaemonDefaults.cgroupnsMode(s.string("default-cgroupns-mode", "")),
                DaemonDefaults.defaultRuntime(s.string("default-runtime", "runc"), runtimes), runtimes,
                DaemonDefaults.dns(s.list("dns")), s.list("dns-opts"), DaemonDefaults.dnsSearch(s.list("dns-search")),
                s.string("cgroup-parent", ""), s.bool("init"), s.string("init-path", ""));
    }

    /** dockerd's findConfigurationConflicts: a flag and the file may not both set an option. */
    static void checkConflicts(Map<String, Object> flags, Map<String, Object> file) {
        TreeSet<String> both = new TreeSet<>(flags.keySet());
        both.retainAll(file.keySet());
        both.remove("config-file");
        both.remove("runtimes"); // merged, as dockerd's skipDuplicates
        if (!both.isEmpty()) {
            List<String> described = new ArrayList<>();
            for (String key : both) {
                described.add(key + ": (from flag: " + flags.get(key) + ", from file: " + file.get(key) + ")");
            }
            throw new IllegalArgumentException("the following directives are specified both as a flag and in the "
                    + "configuration file: " + String.join(", ", described));
        }
    }

    /** Whether the daemon runs its own containerd (no --containerd address given). */
    public boolean managedContainerd() {
        return containerd.isEmpty();
    }

    private void validate() {
        if (containerdNamespace.isBlank()) {
            throw new IllegalArgumentException("containerd-namespace must not be empty");
        }
        for (String host : hosts) {
            validateHost(host, tls.enabled());
        }
        if (hosts.stream().anyMatch(h -> h.startsWith("fd://"))) {
            SocketActivation.check(System.getenv(), ProcessHandle.current().pid());
        }
    }

    /** dockerd's -H forms we serve; plain TCP (without TLS) only on loopback addresses. */
    static void validateHost(String host, boolean tls) {
        if (host.startsWith("unix://")) {
            if (host.length() == "unix://".length()) {
                throw new IllegalArgumentException("invalid host " + host + ": empty socket path");
            }
            return;
        }
        if (host.equals("fd://") || host.equals("fd://3")) {
            return; // the socket systemd passes (see SocketActivation)
        }
        if (!host.startsWith("tcp://")) {
            throw new IllegalArgumentException("invalid host " + host
                    + ": use unix:///path, tcp://host:port or fd:// (systemd socket activation)");
        }
        URI uri;
        try {
            uri = URI.create(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid host " + host + ": " + e.getMessage());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("invalid host " + host + ": no address");
        }
        if (!tls && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException("refusing to listen on " + host + " without TLS: plain TCP is "
                    + "allowed on loopback addresses only (anyone who reaches the API is root on this host); "
                    + "use --tlsverify with --tlscacert, --tlscert and --tlskey");
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Typed access to the merged option values. */
    record Settings(Map<String, Object> flags, Map<String, Object> file) {
        Object get(String key) {
            return flags.containsKey(key) ? flags.get(key) : file.get(key);
        }

        String string(String key, String fallback) {
            Object v = get(key);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof String s)) {
                throw new IllegalArgumentException(key + " must be a string, not " + v);
            }
            return s;
        }

        /** A whole number above zero, from a flag's text or the file's number; dockerd's words otherwise. */
        int positive(String key, int fallback, String invalid) {
            return atLeast(key, fallback, 1, invalid);
        }

        /** A whole number no smaller than {@code min}; dockerd's words otherwise. */
        int atLeast(String key, int fallback, int min, String invalid) {
            Object v = get(key);
            if (v == null) {
                return fallback;
            }
            int n;
            try {
                n = v instanceof Number number ? number.intValue() : Integer.parseInt(String.valueOf(v).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, not " + v);
            }
            if (n < min) {
                throw new IllegalArgumentException(invalid + ": " + n);
            }
            return n;
        }

        boolean bool(String key) {
            return Boolean.TRUE.equals(optionalBool(key));
        }

        /** A switch as given (a flag's Boolean or the file's), or null when neither sets it. */
        Boolean optionalBool(String key) {
            Object v = get(key);
            if (v == null || v instanceof Boolean) {
                return (Boolean) v;
            }
            throw new IllegalArgumentException(key + " must be true or false, not " + v);
        }

        /** A map of strings: the file's object, or flags' {@code key=value} items. */
        Map<String, String> keyValues(String key) {
            Object v = get(key);
            Map<String, String> out = new java.util.LinkedHashMap<>();
            if (v instanceof Map<?, ?> map) {
                map.forEach((k, value) -> {
                    if (!(value instanceof String text)) {
                        throw new IllegalArgumentException(key + " must be an object of strings, not " + map);
                    }
                    out.put(String.valueOf(k), text);
                });
            } else if (v != null) {
                for (String item : list(key)) {
                    int eq = item.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("invalid key/value pair format: " + item);
                    }
                    out.put(item.substring(0, eq), item.substring(eq + 1));
                }
            }
            return out;
        }

        List<String> list(String key) {
            Object v = get(key);
            if (v == null) {
                return List.of();
            }
            if (v instanceof List<?> items) {
                List<String> out = new ArrayList<>();
                for (Object item : items) {
                    if (!(item instanceof String s)) {
                        throw new IllegalArgumentException(key + " must be a list of strings");
                    }
                    out.add(s);
                }
                return out;
            }
            throw new IllegalArgumentException(key + " must be a list of strings, not " + v);
        }
    }
}
