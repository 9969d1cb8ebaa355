package io.linnet.containerd.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The daemon settings the containerd runtime works with, checked and normalised.
 *
 * @param externalSocket socket of a containerd the daemon does not manage; empty for a managed one
 * @param defaults       what new containers get and what SIGTERM does to running ones, as read at start (see
 *                       LiveDefaults for those a SIGHUP reloads)
 */
public record RuntimeSettings(Path dataRoot, Path execRoot, Optional<Path> externalSocket,
                              String namespace, boolean debug, EngineDefaults defaults) {

    public static final String DEFAULT_DATA_ROOT = "/var/lib/linnet";
    public static final String DEFAULT_EXEC_ROOT = "/run/linnet";
    public static final String DEFAULT_NAMESPACE = "linnet";

    public RuntimeSettings {
        if (!dataRoot.isAbsolute() || !execRoot.isAbsolute()) {
            throw new IllegalArgumentException("dataRoot and execRoot must be absolute paths: " + dataRoot + ", " + execRoot);
        }
        if (namespace.isBlank()) {
            throw new IllegalArgumentException("containerdNamespace must not be empty");
        }
    }

    /** Reads the configuration; blank values fall back to the defaults. */
    public static RuntimeSettings from(DaemonConfig config) {
        return new RuntimeSettings(
                Path.of(orDefault(config.dataRoot(), DEFAULT_DATA_ROOT)).normalize(),
                Path.of(orDefault(config.execRoot(), DEFAULT_EXEC_ROOT)).normalize(),
                ContainerdAddress.parse(config.containerdAddress()),
                orDefault(config.containerdNamespace(), DEFAULT_NAMESPACE).trim(),
                config.debug(),
                EngineDefaults.from(config));
    }

    /** Settings for a containerd managed by the daemon. */
    public static RuntimeSettings managed(Path dataRoot, Path execRoot, String namespace, boolean debug) {
        return new RuntimeSettings(dataRoot, execRoot, Optional.empty(), namespace, debug, EngineDefaults.DOCKERD);
    }

    public boolean managed() {
        return externalSocket.isEmpty();
    }

    /** Where containerd listens for grpc. */
    public Path socketPath() {
        return externalSocket.orElseGet(() -> managedLayout().grpcSocket());
    }

    /** Files and directories of the managed containerd. */
    public ManagedLayout managedLayout() {
        return ManagedLayout.of(dataRoot, execRoot);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
