package io.linnet.containerd.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.engine.api.image.ImageConfig;

import java.util.ArrayList;
import java.util.List;

/** An {@link ImageConfig} as the "config" object of an image configuration, in dockerd's key order. */
final class ImageConfigJson {

    private ImageConfigJson() {
    }

    static ObjectNode toJson(ImageConfig c) {
        ObjectNode n = ImageJson.MAPPER.createObjectNode();
        n.put("Hostname", c.hostname());
        n.put("Domainname", c.domainname());
        n.put("User", c.user());
        n.put("AttachStdin", false);
        n.put("AttachStdout", false);
        n.put("AttachStderr", false);
        if (!c.exposedPorts().isEmpty()) {
            ObjectNode ports = n.putObject("ExposedPorts");
            c.exposedPorts().forEach(ports::putObject);
        }
        n.put("Tty", false);
        n.put("OpenStdin", false);
        n.put("StdinOnce", false);
        ImageJson.putStrings(n, "Env", c.env().isEmpty() ? null : c.env());
        ImageJson.putStrings(n, "Cmd", c.cmd().isEmpty() ? null : c.cmd());
        if (c.healthcheck() != null) {
            ImageConfig.Healthcheck h = c.healthcheck();
            ObjectNode hn = n.putObject("Healthcheck");
            ImageJson.putStrings(hn, "Test", h.test());
            if (h.interval() != 0) {
                hn.put("Interval", h.interval());
            }
            if (h.timeout() != 0) {
                hn.put("Timeout", h.timeout());
            }
            if (h.startPeriod() != 0) {
                hn.put("StartPeriod", h.startPeriod());
            }
            if (h.startInterval() != 0) {
                hn.put("StartInterval", h.startInterval());
            }
            if (h.retries() != 0) {
                hn.put("Retries", h.retries());
            }
        }
        if (c.argsEscaped()) {
            n.put("ArgsEscaped", true);
        }
        n.put("Image", "");
        if (c.volumes().isEmpty()) {
            n.putNull("Volumes");
        } else {
            ObjectNode v = n.putObject("Volumes");
            c.volumes().forEach(v::putObject);
        }
        n.put("WorkingDir", c.workingDir());
        ImageJson.putStrings(n, "Entrypoint", c.entrypoint().isEmpty() ? null : c.entrypoint());
        ImageJson.putStrings(n, "OnBuild", c.onBuild().isEmpty() ? null : c.onBuild());
        if (c.labels().isEmpty()) {
            n.putNull("Labels");
        } else {
            ObjectNode l = n.putObject("Labels");
            new java.util.TreeMap<>(c.labels()).forEach(l::put);
        }
        if (!c.stopSignal().isEmpty()) {
            n.put("StopSignal", c.stopSignal());
        }
        if (!c.shell().isEmpty()) {
            ImageJson.putStrings(n, "Shell", c.shell());
        }
        return n;
    }

    /** {@code docker commit --change} lines applied to a config (ChangeCommands seeded with it). */
    static ImageConfig applyChanges(ImageConfig base, List<String> changes) {
        if (changes == null || changes.isEmpty()) {
            return base;
        }
        ChangeCommands c = new ChangeCommands();
        c.user = base.user();
        c.env.addAll(base.env());
        c.cmd = base.cmd().isEmpty() ? null : new ArrayList<>(base.cmd());
        c.entrypoint = base.entrypoint().isEmpty() ? null : new ArrayList<>(base.entrypoint());
        c.workingDir = base.workingDir();
        c.labels.putAll(base.labels());
        c.exposedPorts.addAll(base.exposedPorts());
        c.volumes.addAll(base.volumes());
        c.stopSignal = base.stopSignal();
        c.onBuild.addAll(base.onBuild());
        changes.forEach(c::apply);
        return new ImageConfig(base.hostname(), base.domainname(), c.user, List.copyOf(c.env),
                c.cmd == null ? List.of() : List.copyOf(c.cmd), c.entrypoint == null ? List.of() : List.copyOf(c.entrypoint),
                c.workingDir, java.util.Map.copyOf(c.labels), List.copyOf(c.exposedPorts), List.copyOf(c.volumes),
                c.stopSignal, base.healthcheck(), List.copyOf(c.onBuild), base.shell(), base.argsEscaped());
    }
}
