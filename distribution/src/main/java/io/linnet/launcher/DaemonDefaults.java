package io.linnet.launcher;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every new container gets unless it says otherwise (dockerd's daemon-wide defaults), checked at start
 * with dockerd's words: the engine (containerd-runtime, network-cni) applies them.
 *
 * @param logDriver      json-file, local or none: the drivers Linnet has (others are refused at start)
 * @param logOpts        options of that driver
 * @param ulimits        {@code name=soft:hard} each (dockerd's default-ulimits), for the spec only
 * @param shmSize        bytes of /dev/shm when a container sets none
 * @param cgroupnsMode   "host", "private", or "" for the host's default (private on cgroup v2)
 * @param defaultRuntime the runtime a container without one gets
 * @param runtimes       runtimes beyond runc, name to binary (dockerd's runtimes' path)
 * @param dns            nameservers of containers that set none
 * @param dnsOptions     resolv.conf options of containers that set none
 * @param dnsSearch      search domains of containers that set none
 * @param cgroupParent   the cgroup containers' cgroups go under ("" for Linnet's /linnet)
 * @param init           containers that say nothing about --init get one
 * @param initPath       the init binary ("" for the static init the host has)
 */
record DaemonDefaults(String logDriver, Map<String, String> logOpts, List<String> ulimits, long shmSize,
        String cgroupnsMode, String defaultRuntime, Map<String, String> runtimes, List<String> dns,
        List<String> dnsOptions, List<String> dnsSearch, String cgroupParent, boolean init, String initPath) {

    static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;
    /** The runtimes dockerd 24 always has, both runc (moby's builtinRuntimes). */
    static final Set<String> BUILTIN_RUNTIMES = Set.of("runc", "io.containerd.runc.v2");
    private static final Set<String> LOG_DRIVERS = Set.of("json-file", "local", "none");
    /** json-file's options (moby's jsonfilelog.ValidateLogOpt), and what every driver takes. */
    private static final Set<String> JSON_FILE_OPTS = Set.of("max-size", "max-file", "compress", "labels",
            "labels-regex", "env", "env-regex", "tag", "mode", "max-buffer-size");
    private static final Set<String> LOCAL_OPTS = Set.of("max-size", "max-file", "compress", "mode", "max-buffer-size");
    /** go-units' ulimit names. */
    private static final Set<String> ULIMITS = Set.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");
    private static final Pattern BYTES = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b)?$");
    private static final Pattern DNS_SEARCH = Pattern.compile("^\\.?([a-zA-Z0-9_-]+\\.?)*[a-zA-Z0-9_-]*$");

    DaemonDefaults {
        logOpts = Map.copyOf(logOpts);
        ulimits = List.copyOf(ulimits);
        runtimes = Map.copyOf(runtimes);
        dns = List.copyOf(dns);
        dnsOptions = List.copyOf(dnsOptions);
        dnsSearch = List.copyOf(dnsSearch);
    }

    /** The log driver's name and options, refused as dockerd refuses them when it starts. */
    static void checkLog(String driver, Map<String, String> opts) {
        if (!LOG_DRIVERS.contains(driver)) {
            throw new IllegalArgumentException("failed to start daemon: failed to set log opts: logger: no log driver "
                    + "named '" + driver + "' is registered");
        }
        Set<String> known = driver.equals("local") ? LOCAL_OPTS : JSON_FILE_OPTS;
        for (String key : new TreeMap<>(opts).keySet()) {
            if (driver.equals("none") || !known.contains(key)) {
                throw new IllegalArgumentException("failed to start daemon: failed to set log opts: unknown log opt '"
                        + key + "' for " + driver + " log driver");
            }
        }
        String mode = opts.getOrDefault("mode", "");
        if (!mode.isEmpty() && !mode.equals("blocking") && !mode.equals("non-blocking")) {
            throw new IllegalArgumentException("failed to start daemon: failed to set log opts: logger: logging mode "
                    + "not supported: " + mode);
        }
    }

    /** {@code name=soft[:hard]} as go-units parses it, into {@code name=soft:hard}. */
    static String ulimit(String value) {
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("invalid ulimit argument: " + value);
        }
        String name = value.substring(0, eq);
        if (!ULIMITS.contains(name)) {
            throw new IllegalArgumentException("invalid ulimit type: " + name);
        }
        String[] limits = value.substring(eq + 1).split(":", -1);
        if (limits.length > 2) {
            throw new IllegalArgumentException("too many limit value arguments - " + value.substring(eq + 1)
                    + ", can only have up to two, `soft[:hard]`");
        }
        long soft = limitNumber(limits[0]);
        long hard = limits.length == 2 ? limitNumber(limits[1]) : soft;
        if (soft > hard) {
            throw new IllegalArgumentException("ulimit soft limit must be less than or equal to hard limit: " + soft
                    + " > " + hard);
        }
        return name + "=" + soft + ":" + hard;
    }

    /** daemon.json's default-ulimits: {@code {"nofile": {"Name": "nofile", "Soft": 1024, "Hard": 2048}}}. */
    static List<String> ulimitsOfFile(Object value) {
        if (!(value instanceof Map<?, ?> byName)) {
            throw new IllegalArgumentException("default-ulimits must be an object of ulimits, not " + value);
        }
        List<String> out = new ArrayList<>();
        for (var e : byName.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> u)) {
                throw new IllegalArgumentException("default-ulimits." + e.getKey() + " must be an object");
            }
            Object name = u.get("Name") == null ? e.getKey() : u.get("Name");
            out.add(ulimit(name + "=" + number(u.get("Soft")) + ":" + number(u.get("Hard"))));
        }
        return out;
    }

    private static long number(Object v) {
        return v instanceof Number n ? n.longValue() : limitNumber(String.valueOf(v));
    }

    private static long limitNumber(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.ParseInt: parsing \"" + text + "\": invalid syntax");
        }
    }

    /** opts.MemBytes: "64m", "1g", or a number of bytes; at least one byte for a shm size. */
    static long shmSize(Object value) {
        if (value == null) {
            return DEFAULT_SHM_SIZE;
        }
        long bytes;
        if (value instanceof Number n) {
            bytes = n.longValue();
        } else {
            Matcher m = BYTES.matcher(String.valueOf(value).trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("invalid size: '" + value + "'");
            }
            int power = m.group(2).isEmpty() ? 0 : "kmgtp".indexOf(m.group(2)) + 1;
            bytes = (long) (Double.parseDouble(m.group(1)) * Math.pow(1024, power));
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("invalid default shm size: " + value);
        }
        return bytes;
    }

    /** dockerd's verifyDefaultCgroupNsMode. */
    static String cgroupnsMode(String mode) {
        if (!mode.isEmpty() && !mode.equals("host") && !mode.equals("private")) {
            throw new IllegalArgumentException("default cgroup namespace mode (" + mode
                    + ") is invalid; use \"host\" or \"private\"");
        }
        return mode;
    }

    /**
     * daemon.json's runtimes ({@code {"crun": {"path": "/usr/bin/crun"}}}) or the flags' {@code name=path}:
     * each run by containerd's runc shim with that binary, as dockerd 24 runs them.
     */
    static Map<String, String> runtimes(Object fileValue, List<String> flagValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String flag : flagValues) {
            int eq = flag.indexOf('=');
            if (eq <= 0 || eq == flag.length() - 1) {
                throw new IllegalArgumentException("invalid runtime argument: " + flag);
            }
            out.put(flag.substring(0, eq), flag.substring(eq + 1));
        }
        if (fileValue instanceof Map<?, ?> byName) {
            for (var e : byName.entrySet()) {
                if (!(e.getValue() instanceof Map<?, ?> runtime) || !(runtime.get("path") instanceof String path)
                        || path.isEmpty()) {
                    throw new IllegalArgumentException("runtime " + e.getKey() + " needs a path");
                }
                Object args = runtime.get("runtimeArgs");
                Object type = runtime.get("runtimeType");
                if ((args instanceof List<?> list && !list.isEmpty()) || (type != null && !type.equals(""))) {
                    throw new IllegalArgumentException("runtime " + e.getKey() + ": runtimeArgs and runtimeType are "
                            + "not supported by linnetd; give the binary's path only");
                }
                out.put(String.valueOf(e.getKey()), path);
            }
        } else if (fileValue != null) {
            throw new IllegalArgumentException("runtimes must be an object, not " + fileValue);
        }
        for (String name : out.keySet()) {
            if (name.equals("runc")) {
                throw new IllegalArgumentException("runtime name 'runc' is reserved");
            }
        }
        return out;
    }

    /** dockerd's Validate: the default runtime is runc or one of the configured runtimes. */
    static String defaultRuntime(String name, Map<String, String> runtimes) {
        if (!BUILTIN_RUNTIMES.contains(name) && !runtimes.containsKey(name)) {
            throw new IllegalArgumentException("specified default runtime '" + name + "' does not exist");
        }
        return name;
    }

    /**
     * dockerd's verifyCgroupDriver over exec-opts ({@code native.cgroupdriver=...}, the only exec option on Linux):
     * Linnet runs containers with the cgroupfs driver, so systemd is refused rather than shown as used.
     */
    static void checkExecOpts(List<String> execOpts) {
        for (String option : execOpts) {
            int eq = option.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Unable to parse key/value option: " + option);
            }
            String key = option.substring(0, eq).trim();
            String value = option.substring(eq + 1).trim();
            if (!key.equalsIgnoreCase("native.cgroupdriver") || value.isEmpty() || value.equals("cgroupfs")) {
                continue;
            }
            if (value.equals("none")) {
                throw new IllegalArgumentException("native.cgroupdriver option none is internally used and cannot be "
                        + "specified manually");
            }
            if (value.equals("systemd")) {
                throw new IllegalArgumentException("native.cgroupdriver option systemd is not supported by linnetd: "
                        + "containers' cgroups are managed with the cgroupfs driver");
            }
            throw new IllegalArgumentException("native.cgroupdriver option " + value + " not supported");
        }
    }

    /** opts.ValidateIPAddress for each nameserver: an IPv4 or IPv6 address, never a name to look up. */
    static List<String> dns(List<String> servers) {
        for (String server : servers) {
            String s = server.trim();
            boolean valid;
            if (s.contains(":")) {
                try {
                    valid = InetAddress.getByName(s) != null; // a literal with ':' is never looked up
                } catch (Exception e) {
                    valid = false;
                }
            } else {
                String[] octets = s.split("\\.", -1);
                valid = octets.length == 4;
                for (String o : octets) {
                    valid &= o.matches("\\d{1,3}") && Integer.parseInt(o) <= 255;
                }
            }
            if (!valid) {
                throw new IllegalArgumentException("IP address is not correctly formatted: " + server);
            }
        }
        return servers;
    }

    /** opts.ValidateDNSSearch. */
    static List<String> dnsSearch(List<String> domains) {
        for (String domain : domains) {
            if (!domain.equals(".") && (!DNS_SEARCH.matcher(domain).matches() || domain.length() > 255)) {
                throw new IllegalArgumentException(domain + " is not a valid domain");
            }
        }
        return domains;
    }
}
