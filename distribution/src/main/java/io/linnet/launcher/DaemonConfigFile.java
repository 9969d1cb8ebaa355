package io.linnet.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads daemon.json with dockerd's keys; unknown keys are an error, as in dockerd. */
final class DaemonConfigFile {
    /** Keys Linnet acts on now. */
    static final Set<String> APPLIED = Set.of(
            "hosts", "data-root", "exec-root", "containerd", "containerd-namespace", "pidfile", "debug",
            "insecure-registries", "registry-mirrors", "max-download-attempts", "bip", "bridge",
            "tls", "tlsverify", "tlscacert", "tlscert", "tlskey", "log-level", "labels");
    /** dockerd keys accepted so a dockerd configuration still loads; later features act on them. */
    static final Set<String> ACCEPTED = Set.of(
            "log-driver", "log-opts", "default-address-pools",
            "live-restore",
            "storage-driver", "features", "experimental", "default-runtime", "runtimes", "dns", "dns-opts",
            "dns-search", "max-concurrent-downloads", "max-concurrent-uploads", "shutdown-timeout",
            "default-ulimits", "icc", "ip", "ip-forward", "iptables", "userland-proxy", "mtu", "group",
            "builder", "init", "init-path", "default-cgroupns-mode", "cgroup-parent", "exec-opts");

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
                throw new IllegalArgumentException("unable to configure the daemon: open " + file
                        + ": no such file or directory");
            }
            return Map.of();
        } catch (IOException e) {
            throw new IllegalArgumentException("unable to read " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    static Map<String, Object> parse(String text, String source) {
        if (text.isBlank()) {
            return Map.of();
        }
        Map<String, Object> values;
        try {
            values = new ObjectMapper().readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unable to configure the daemon with file " + source + ": "
                    + e.getOriginalMessage());
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
