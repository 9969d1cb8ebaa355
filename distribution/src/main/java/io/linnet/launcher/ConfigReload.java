package io.linnet.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP, as dockerd: daemon.json is read again and merged with the flags the daemon started with
 * (the same conflict and validity rules as at start); the settings dockerd reloads live go to the
 * bundles, the others wait for a restart. A file that does not load is refused whole, logged, and
 * the running configuration stays. Containers are not touched.
 * <p>
 * As dockerd's reload (its IsValueSet checks), a reloadable key the new file leaves out keeps its running
 * value; only the download and upload limits go back to their defaults.
 */
final class ConfigReload {
    /** Looked up when used: this object is made before Logging.configure, and a logger made then fixes slf4j-simple's settings. */
    private static Logger log() {
        return LoggerFactory.getLogger("linnetd");
    }
    private final Map<String, Object> flags;
    private final Path configFile;
    private final boolean named;
    private final Path confDir;
    /** The file's values the running configuration was made from. */
    private Map<String, Object> running;

    static final Set<String> KEPT_WHEN_LEFT_OUT = Set.of("debug", "labels", "registry-mirrors", "insecure-registries",
            "shutdown-timeout", "live-restore", "runtimes", "default-runtime", "default-shm-size",
            "default-cgroupns-mode");

    /** @param atStart the file's values the daemon started with */
    ConfigReload(Map<String, Object> flags, Path configFile, boolean named, Path confDir, Map<String, Object> atStart) {
        this.flags = flags;
        this.configFile = configFile;
        this.named = named;
        this.confDir = confDir;
        this.running = Map.copyOf(atStart);
    }

    /** The new file's values, with the running ones of reloadable keys it leaves out. */
    static Map<String, Object> withKept(Map<String, Object> file, Map<String, Object> running) {
        Map<String, Object> merged = new HashMap<>(file);
        for (String key : KEPT_WHEN_LEFT_OUT) {
            if (!file.containsKey(key) && running.containsKey(key)) {
                merged.put(key, running.get(key));
            }
        }
        return merged;
    }

    /** Runs on the signal's thread; serialised, as two quick SIGHUPs must not interleave their writes. */
    synchronized void reload() {
        DaemonOptions next;
        Map<String, Object> file;
        try {
            file = withKept(DaemonConfigFile.load(configFile, named, flags), running);
            next = DaemonOptions.merge(flags, file);
        } catch (IllegalArgumentException e) {
            log().error("Error reloading the configuration from {}, the running configuration stays: {}", configFile,
                    e.getMessage());
            return;
        }
        try {
            LiveConfiguration.write(confDir, next);
            running = file;
            Logging.relevel(next.debug(), next.logLevel());
            log().info("Reloaded configuration: {}", LiveConfiguration.describe(next));
        } catch (IOException e) {
            log().error("Error reloading the configuration: cannot write it for the bundles: {}", e.getMessage());
        }
    }
}
