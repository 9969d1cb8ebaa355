package io.linnet.builder;

import io.linnet.builder.dockerfile.Instruction;
import io.linnet.engine.api.image.ImageConfig;
import io.linnet.files.Names;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The image config a stage builds up, step by step (moby's runConfig). */
final class RunConfig {
    String user = "";
    List<String> env = new ArrayList<>();
    List<String> cmd = new ArrayList<>();
    List<String> entrypoint = new ArrayList<>();
    String workingDir = "";
    Map<String, String> labels = new LinkedHashMap<>();
    TreeSet<String> exposedPorts = new TreeSet<>();
    TreeSet<String> volumes = new TreeSet<>();
    String stopSignal = "";
    ImageConfig.Healthcheck healthcheck;
    List<String> onBuild = new ArrayList<>();
    List<String> shell = new ArrayList<>();
    boolean argsEscaped;

    static RunConfig of(ImageConfig c) {
        RunConfig r = new RunConfig();
        if (c == null) {
            return r;
        }
        r.user = c.user();
        r.env = new ArrayList<>(c.env());
        r.cmd = new ArrayList<>(c.cmd());
        r.entrypoint = new ArrayList<>(c.entrypoint());
        r.workingDir = c.workingDir();
        r.labels = new LinkedHashMap<>(c.labels());
        r.exposedPorts = new TreeSet<>(c.exposedPorts());
        r.volumes = new TreeSet<>(c.volumes());
        r.stopSignal = c.stopSignal();
        r.healthcheck = c.healthcheck();
        r.onBuild = new ArrayList<>(); // ONBUILD triggers are not inherited
        r.shell = new ArrayList<>(c.shell());
        r.argsEscaped = c.argsEscaped();
        return r;
    }

    ImageConfig toImageConfig() {
        return new ImageConfig("", "", user, List.copyOf(env), List.copyOf(cmd), List.copyOf(entrypoint), workingDir,
                Map.copyOf(labels), List.copyOf(exposedPorts), List.copyOf(volumes), stopSignal, healthcheck,
                List.copyOf(onBuild), List.copyOf(shell), argsEscaped);
    }

    String env(String key) {
        for (String e : env) {
            int eq = e.indexOf('=');
            if (eq > 0 ? e.substring(0, eq).equals(key) : e.equals(key)) {
                return eq > 0 ? e.substring(eq + 1) : "";
            }
        }
        return null;
    }

    void setEnv(String key, String value) {
        for (int i = 0; i < env.size(); i++) {
            String e = env.get(i);
            if (e.equals(key) || e.startsWith(key + "=")) {
                env.set(i, key + "=" + value);
                return;
            }
        }
        env.add(key + "=" + value);
    }

    List<String> shellOrDefault() {
        return shell.isEmpty() ? List.of("/bin/sh", "-c") : shell;
    }

    /** A RUN, CMD or ENTRYPOINT command: exec form as given, shell form wrapped in the stage's shell. */
    List<String> command(Instruction.Arguments arguments) {
        if (arguments.isJson()) {
            return arguments.json();
        }
        if (arguments.text().isEmpty()) {
            return List.of();
        }
        List<String> cmd = new ArrayList<>(shellOrDefault());
        cmd.add(arguments.text());
        return cmd;
    }

    /** A path in the image: as given when absolute, else under the working directory; cleaned as Go's path.Clean. */
    String absolute(String path) {
        String base = workingDir.isEmpty() ? "/" : workingDir;
        return Names.clean(path.startsWith("/") ? path : base + "/" + path);
    }
}
