package io.linnet.containerd.container;

import io.linnet.engine.api.InvalidParameterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Docker's capability sets (moby oci/caps): the default 14, and --cap-add / --cap-drop with "ALL". */
final class Capabilities {

    /** moby oci/caps/defaults.go, in its order. */
    static final List<String> DEFAULTS = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
            "CAP_AUDIT_WRITE");

    /** Every capability Linux knows, by number. */
    static final List<String> KNOWN = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
            "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    private final List<String> known;
    private final List<String> all;

    /** @param lastCap the highest capability number the kernel supports (/proc/sys/kernel/cap_last_cap) */
    Capabilities(int lastCap) {
        this(lastCap, -1L);
    }

    /**
     * @param bounding the daemon's own bounding set (CapBnd): what runc can grant at all. A daemon in a
     *                 sandbox without, say, CAP_SYS_RESOURCE cannot give it to a --privileged container
     *                 (runc: "unable to apply caps: operation not permitted").
     */
    Capabilities(int lastCap, long bounding) {
        this.known = KNOWN.subList(0, Math.min(KNOWN.size(), lastCap + 1));
        List<String> grantable = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            if ((bounding & (1L << i)) != 0) {
                grantable.add(known.get(i));
            }
        }
        this.all = List.copyOf(grantable);
    }

    static Capabilities ofHost() {
        return new Capabilities(lastCap(), bounding());
    }

    private static long bounding() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // every capability, as dockerd assumes
        }
        return -1L;
    }

    private static int lastCap() {
        try {
            // not Files.readString: for a file /proc reports as empty it probes one byte, and a sysctl
            // answers EOF to any read past offset 0, so "40" came back as "4" (only 5 capabilities known)
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap")).get(0).trim());
        } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
            return KNOWN.size() - 1;
        }
    }

    List<String> all() {
        return all;
    }

    /** moby caps.TweakCapabilities. */
    List<String> tweak(List<String> adds, List<String> drops, boolean privileged) {
        if (privileged) {
            return all;
        }
        if (adds.isEmpty() && drops.isEmpty()) {
            return DEFAULTS;
        }
        Normalized drop = normalize(drops);
        Normalized add = normalize(adds);
        List<String> caps = new ArrayList<>();
        if (add.all) {
            all.stream().filter(c -> !drop.caps.contains(c)).forEach(caps::add);
        } else if (drop.all) {
            caps.addAll(add.caps);
        } else {
            DEFAULTS.stream().filter(c -> !drop.caps.contains(c)).forEach(caps::add);
            add.caps.stream().filter(c -> !caps.contains(c)).forEach(caps::add);
        }
        return List.copyOf(caps);
    }

    private record Normalized(Set<String> caps, boolean all) {
    }

    private Normalized normalize(List<String> names) {
        Set<String> caps = new LinkedHashSet<>();
        boolean everything = false;
        for (String name : names) {
            String c = name.trim().toUpperCase(Locale.ROOT);
            if (c.equals("ALL")) {
                everything = true;
                continue;
            }
            if (!c.startsWith("CAP_")) {
                c = "CAP_" + c;
            }
            if (!known.contains(c)) {
                throw new InvalidParameterException("unknown capability: \"" + c + "\"");
            }
            caps.add(c);
        }
        return new Normalized(caps, everything);
    }
}
