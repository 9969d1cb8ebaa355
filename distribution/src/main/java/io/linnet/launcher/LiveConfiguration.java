package io.linnet.launcher;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The settings dockerd 24 reloads on SIGHUP (daemon/reload.go: debug, labels, registries, download and upload
 * limits, shutdown-timeout, live-restore, and reloadPlatform's runtimes, default runtime, shm size and cgroupns
 * mode), as a configuration of their own (PID {@value #PID}) that Felix FileInstall hands to ConfigAdmin:
 * components that read it (the registry client, pulls, the container defaults, docker info, the reload event)
 * take a change in place, while the components of the main configuration (the HTTP host, containerd) are never
 * restarted by a reload.
 */
final class LiveConfiguration {
    static final String PID = "io.linnet.daemon.live";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            io.linnet.api.model.json.DockerJson.newMapper();

    private LiveConfiguration() {
    }

    static void write(Path confDir, DaemonOptions options) throws IOException {
        Properties p = new Properties();
        p.setProperty("debug", Boolean.toString(options.debug()));
        p.setProperty("labels", String.join(",", options.labels()));
        p.setProperty("insecureRegistries", String.join(",", options.insecureRegistries()));
        p.setProperty("registryMirrors", String.join(",", options.registryMirrors()));
        p.setProperty("maxDownloadAttempts", Integer.toString(options.maxDownloadAttempts()));
        p.setProperty("maxConcurrentDownloads", Integer.toString(options.maxConcurrentDownloads()));
        p.setProperty("maxConcurrentUploads", Integer.toString(options.maxConcurrentUploads()));
        p.setProperty("shutdownTimeout", Integer.toString(options.shutdownTimeout()));
        p.setProperty("liveRestore", Boolean.toString(options.liveRestore()));
        DaemonDefaults d = options.defaults();
        p.setProperty("defaultRuntime", d.defaultRuntime());
        p.setProperty("runtimes", JSON.writeValueAsString(d.runtimes()));
        p.setProperty("defaultShmSize", Long.toString(d.shmSize()));
        p.setProperty("defaultCgroupnsMode", d.cgroupnsMode());
        // changes at every reload, so that each SIGHUP is a configuration update (and a reload event)
        p.setProperty("reloaded", Long.toString(System.nanoTime()));
        Path file = confDir.resolve(PID + ".cfg");
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "written by linnetd at start and on SIGHUP; edit daemon.json instead");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The reloaded settings for the daemon's log, as dockerd's "Reloaded configuration" line. */
    static String describe(DaemonOptions o) {
        return "debug=" + o.debug() + " labels=" + o.labels() + " insecure-registries=" + o.insecureRegistries()
                + " registry-mirrors=" + o.registryMirrors() + " max-download-attempts=" + o.maxDownloadAttempts()
                + " max-concurrent-downloads=" + o.maxConcurrentDownloads() + " max-concurrent-uploads="
                + o.maxConcurrentUploads() + " shutdown-timeout=" + o.shutdownTimeout() + " live-restore="
                + o.liveRestore() + " runtimes=" + o.defaults().runtimes() + " default-runtime="
                + o.defaults().defaultRuntime() + " default-shm-size=" + o.defaults().shmSize()
                + " default-cgroupns-mode=" + o.defaults().cgroupnsMode();
    }
}
