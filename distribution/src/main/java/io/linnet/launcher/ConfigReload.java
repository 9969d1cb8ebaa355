package io.linnet.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP, as dockerd: daemon.json is read again and merged with the flags the daemon started with
 * (the same conflict and validity rules as at start); the settings dockerd reloads live go to the
 * bundles, the others wait for a restart. A file that does not load is refused whole, logged, and
 * the running configuration stays. Containers are not touched.
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

    ConfigReload(Map<String, Object> flags, Path configFile, boolean named, Path confDir) {
        this.flags = flags;
        this.configFile = configFile;
        this.named = named;
        this.confDir = confDir;
    }

    /** Runs on the signal's thread; serialised, as two quick SIGHUPs must not interleave their writes. */
    synchronized void reload() {
        DaemonOptions next;
        try {
            next = DaemonOptions.merge(flags, DaemonConfigFile.load(configFile, named, flags));
        } catch (IllegalArgumentException e) {
            log().error("Error reloading the configuration from {}, the running configuration stays: {}", configFile,
                    e.getMessage());
            return;
        }
        try {
            LiveConfiguration.write(confDir, next);
            Logging.relevel(next.debug(), next.logLevel());
            log().info("Reloaded configuration: {}", LiveConfiguration.describe(next));
        } catch (IOException e) {
            log().error("Error reloading the configuration: cannot write it for the bundles: {}", e.getMessage());
        }
    }
}
