package io.linnet.containerd.config;

import java.nio.file.Path;

/**
 * Where the managed containerd keeps things: its root (persistent) under the data root, its state,
 * sockets, generated config, pid file and log under the exec root.
 */
public record ManagedLayout(Path root, Path state) {

    public static ManagedLayout of(Path dataRoot, Path execRoot) {
        return new ManagedLayout(dataRoot.resolve("containerd"), execRoot.resolve("containerd"));
    }

    public Path grpcSocket() {
        return state.resolve("containerd.sock");
    }

    public Path ttrpcSocket() {
        return state.resolve("containerd.sock.ttrpc");
    }

    /** containerd's opt plugin installs binaries here instead of /opt/containerd. */
    public Path optDirectory() {
        return root.resolve("opt");
    }

    public Path configFile() {
        return state.resolve("containerd.toml");
    }

    public Path pidFile() {
        return state.resolve("containerd.pid");
    }

    public Path logFile() {
        return state.resolve("containerd.log");
    }
}
