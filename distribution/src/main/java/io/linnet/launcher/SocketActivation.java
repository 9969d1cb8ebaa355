package io.linnet.launcher;

import java.util.Map;

/**
 * {@code -H fd://}: the listening socket systemd passes (socket activation: LISTEN_FDS sockets from
 * fd 3, for the process LISTEN_PID). The JDK adopts an inherited socket only as fd 0
 * ({@code System.inheritedChannel()}), so {@code bin/linnetd} moves fd 3 there before the JVM starts,
 * and one socket is served: a linnet.socket with one ListenStream, as dockerd's docker.socket.
 */
final class SocketActivation {
    private SocketActivation() {
    }

    static void check(Map<String, String> env, long pid) {
        String fds = env.get("LISTEN_FDS");
        String listenPid = env.get("LISTEN_PID");
        if (fds == null || fds.isBlank()) {
            throw new IllegalArgumentException("no sockets found via socket activation: make sure the service was "
                    + "started by systemd");
        }
        if (listenPid != null && !listenPid.equals(Long.toString(pid))) {
            throw new IllegalArgumentException("no sockets found via socket activation: LISTEN_PID " + listenPid
                    + " is not this process (" + pid + ")");
        }
        if (!fds.trim().equals("1")) {
            throw new IllegalArgumentException("fd:// serves one socket and systemd passed " + fds.trim()
                    + ": give linnet.socket one ListenStream");
        }
    }
}
