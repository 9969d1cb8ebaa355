package io.linnet.containerd.container;

import io.linnet.engine.api.UnknownException;

import java.util.ArrayList;
import java.util.List;

/**
 * HostConfig.SecurityOpt read as dockerd's parseSecurityOpt reads it: {@code key=value} (or the old
 * {@code key:value}) for label, apparmor, seccomp and no-new-privileges, and the bare {@code no-new-privileges} and
 * {@code disable}. Anything else is refused with dockerd's text and status (500: dockerd's error has no kind).
 * {@code systempaths=unconfined} is the CLI's: it arrives as empty MaskedPaths and ReadonlyPaths, never here.
 *
 * @param appArmorProfile the profile named by {@code apparmor=}, null when none
 * @param seccomp         the value of {@code seccomp=}, null when none
 * @param labels          the {@code label=} values (and "disable"), SELinux's
 */
record SecurityOptions(boolean noNewPrivileges, String appArmorProfile, String seccomp, List<String> labels) {

    static SecurityOptions parse(List<String> securityOpt) {
        boolean noNewPrivileges = false;
        String appArmor = null;
        String seccomp = null;
        List<String> labels = new ArrayList<>();
        for (String opt : securityOpt) {
            if (opt.equals("no-new-privileges")) {
                noNewPrivileges = true;
                continue;
            }
            if (opt.equals("disable")) {
                labels.add("disable");
                continue;
            }
            int eq = opt.indexOf('=');
            int at = eq >= 0 ? eq : opt.indexOf(':');
            if (at < 0) {
                throw new UnknownException("invalid --security-opt 1: " + quoted(opt));
            }
            String key = opt.substring(0, at);
            String value = opt.substring(at + 1);
            switch (key) {
                case "label" -> labels.add(value);
                case "apparmor" -> appArmor = value;
                case "seccomp" -> seccomp = value;
                case "no-new-privileges" -> noNewPrivileges = parseBool(value, opt);
                default -> throw new UnknownException("invalid --security-opt 2: " + quoted(opt));
            }
        }
        return new SecurityOptions(noNewPrivileges, appArmor, seccomp, List.copyOf(labels));
    }

    /** Go's strconv.ParseBool. */
    private static boolean parseBool(String value, String opt) {
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new UnknownException("invalid --security-opt 2: " + quoted(opt));
        };
    }

    /** Go's %q for the printable ASCII an option holds (quotes and backslashes escaped). */
    private static String quoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
