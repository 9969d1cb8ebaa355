package io.linnet.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.linnet.api.model.json.DockerJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads daemon.json with dockerd's keys; unknown keys are an error, as in dockerd. The caller puts
 * dockerd's "unable to configure the Docker daemon with file ..." before any error (see {@link #load}).
 */
final class DaemonConfigFile {
    /** Keys Linnet acts on now. */
    static final Set<String> APPLIED = Set.of(
            "hosts", "data-root", "exec-root", "containerd", "containerd-namespace", "pidfile", "debug",
            "insecure-registries", "registry-mirrors", "max-download-attempts", "bip", "bridge",
            "tls", "tlsverify", "tlscacert", "tlscert", "tlskey", "log-level", "labels", "log-driver", "log-opts",
            "default-ulimits", "default-shm-size", "default-cgroupns-mode", "runtimes", "default-runtime", "dns",
            "dns-opts", "dns-search", "live-restore", "shutdown-timeout", "max-concurrent-downloads",
            "max-concurrent-uploads", "cgroup-parent", "init", "init-path", "exec-opts", "group", "experimental",
            "fixed-cidr", "ipv6", "fixed-cidr-v6", "mtu", "icc", "ip", "iptables", "ip-forward", "default-address-pools");
    /** dockerd keys accepted so a dockerd configuration still loads; later features act on them. */
    static final Set<String> ACCEPTED = Set.of(
            "storage-driver", "features", "userland-proxy", "builder");

    private DaemonConfigFile() {
    }

    /**
     * The file's options. A missing file is no options when it is the default path, and an
     * error when the user named it.
     */
    static Map<String, Object> read(Path file, boolean named) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            if (named) {
                throw new IllegalArgumentException("open " + file + ": no such file or directory");
            }
            return Map.of();
        } catch (IOException e) {
            throw new IllegalArgumentException("unable to read " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /**
     * The file read and checked against the flags (no option set by both), with dockerd's words for
     * whatever fails.
     */
    static Map<String, Object> load(Path file, boolean named, Map<String, Object> flags) {
        try {
            Map<String, Object> values = read(file, named);
            DaemonOptions.checkConflicts(flags, values);
            return values;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unable to configure the Docker daemon with file " + file + ": "
                    + e.getMessage(), e);
        }
    }

    static Map<String, Object> parse(String text, String source) {
        if (text.isBlank()) {
            return Map.of();
        }
        Map<String, Object> values;
        try {
            values = DockerJson.newMapper().readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage());
        }
        TreeSet<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(APPLIED);
        unknown.removeAll(ACCEPTED);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the following directives don't match any configuration option: "
                    + String.join(", ", unknown));
        }
        return values;
    }
}
