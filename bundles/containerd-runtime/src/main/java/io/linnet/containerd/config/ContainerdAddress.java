package io.linnet.containerd.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** The containerd address as users write it (dockerd's {@code containerd} option) turned into a socket path. */
public final class ContainerdAddress {

    /** sun_path holds 108 bytes including the terminating NUL. */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    private static final String UNIX_SCHEME = "unix://";

    private ContainerdAddress() {
    }

    /**
     * The socket path of an external containerd, or empty when the address is blank (managed containerd).
     *
     * @throws IllegalArgumentException for other schemes or relative paths
     */
    public static Optional<Path> parse(String address) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        String value = address.trim();
        if (value.startsWith(UNIX_SCHEME)) {
            value = value.substring(UNIX_SCHEME.length());
        } else if (value.contains("://")) {
            throw new IllegalArgumentException("containerd address must be a UNIX socket path, got: " + address);
        }
        Path path = Path.of(value);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("containerd socket path must be absolute, got: " + address);
        }
        return Optional.of(path.normalize());
    }

    /** Fails early with a clear message where the kernel would refuse the path. */
    public static void checkSocketPathLength(Path socket) {
        int length = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_SOCKET_PATH_BYTES) {
            throw new IllegalArgumentException("UNIX socket path is " + length + " bytes, the limit is "
                    + MAX_SOCKET_PATH_BYTES + ": " + socket);
        }
    }
}
