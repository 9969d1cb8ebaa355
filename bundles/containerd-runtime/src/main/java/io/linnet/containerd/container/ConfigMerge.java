package io.linnet.containerd.container;

import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.image.ImageConfig;

import java.util.ArrayList;
import java.util.List;

/** dockerd's merge of a container's Config with its image's (moby daemon/commit.go merge, then the environment). */
final class ConfigMerge {

    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ConfigMerge() {
    }

    /**
     * The process arguments: an entrypoint given (even empty) replaces the image's and drops the
     * image's Cmd; a Cmd given keeps the image's entrypoint; then entrypoint followed by cmd.
     *
     * @throws InvalidParameterException "No command specified" when nothing is left to run
     */
    static List<String> args(ContainerSpec spec, ImageConfig image) {
        List<String> entrypoint = spec.entrypoint();
        List<String> cmd = spec.cmd() == null ? List.of() : spec.cmd();
        if (entrypoint == null || entrypoint.isEmpty()) {
            if (cmd.isEmpty()) {
                cmd = image.cmd();
            }
            if (entrypoint == null) {
                entrypoint = image.entrypoint();
            }
        }
        // `--entrypoint ""` arrives as [""]: an explicitly empty entrypoint
        if (entrypoint.size() == 1 && entrypoint.get(0).isEmpty()) {
            entrypoint = List.of();
        }
        List<String> args = new ArrayList<>(entrypoint);
        args.addAll(cmd);
        if (args.isEmpty()) {
            throw new InvalidParameterException("No command specified");
        }
        return List.copyOf(args);
    }

    /** The container's Config.Env as dockerd stores it: the container's entries, then the image's whose key it lacks. */
    static List<String> configEnv(ContainerSpec spec, ImageConfig image) {
        if (spec.env().isEmpty()) {
            return image.env();
        }
        List<String> env = new ArrayList<>(spec.env());
        for (String imageEntry : image.env()) {
            String key = key(imageEntry);
            if (spec.env().stream().noneMatch(e -> key(e).equals(key))) {
                env.add(imageEntry);
            }
        }
        return List.copyOf(env);
    }

    /**
     * The process environment (moby CreateDaemonEnvironment): PATH, HOSTNAME, TERM with a TTY,
     * each replaced in place by the Config.Env entry of the same key, the rest appended.
     */
    static List<String> processEnv(ContainerSpec spec, ImageConfig image, String hostname) {
        List<String> env = new ArrayList<>();
        env.add(DEFAULT_PATH);
        env.add("HOSTNAME=" + hostname);
        if (spec.tty()) {
            env.add("TERM=xterm");
        }
        for (String entry : configEnv(spec, image)) {
            String key = key(entry);
            int at = -1;
            for (int i = 0; i < env.size(); i++) {
                if (key(env.get(i)).equals(key)) {
                    at = i;
                    break;
                }
            }
            if (at >= 0) {
                env.set(at, entry);
            } else {
                env.add(entry);
            }
        }
        return List.copyOf(env);
    }

    static String workingDir(ContainerSpec spec, ImageConfig image) {
        String dir = spec.workingDir().isEmpty() ? image.workingDir() : spec.workingDir();
        return dir.isEmpty() ? "/" : dir;
    }

    static String user(ContainerSpec spec, ImageConfig image) {
        return spec.user().isEmpty() ? image.user() : spec.user();
    }

    static String stopSignal(ContainerSpec spec, ImageConfig image) {
        String signal = spec.stopSignal().isEmpty() ? image.stopSignal() : spec.stopSignal();
        return signal.isEmpty() ? "SIGTERM" : signal;
    }

    static String key(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }
}
