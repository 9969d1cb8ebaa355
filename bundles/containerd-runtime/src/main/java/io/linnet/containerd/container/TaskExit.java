package io.linnet.containerd.container;

import java.time.Instant;

/** How a container's init process ended. */
record TaskExit(String containerId, int exitCode, Instant exitedAt, boolean oomKilled) {
}
