package io.linnet.network.cni;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * dockerd's ip-forward=false: the host's forwarding settings are left as they were. The CNI bridge plugin
 * turns forwarding on for every gateway it sets up, so with this setting the values read before a CNI ADD
 * are written back after it (two small /proc reads per endpoint, none with the default ip-forward=true).
 */
final class IpForwarding {

    private static final Logger LOG = LoggerFactory.getLogger(IpForwarding.class);
    static final List<Path> SWITCHES = List.of(Path.of("/proc/sys/net/ipv4/ip_forward"),
            Path.of("/proc/sys/net/ipv6/conf/all/forwarding"));

    private final boolean leaveAlone;
    private final List<Path> switches;

    IpForwarding(boolean ipForward, List<Path> switches) {
        this.leaveAlone = !ipForward;
        this.switches = switches;
    }

    /** The current values (null: forwarding is the daemon's to turn on). */
    List<String> before() {
        return leaveAlone ? switches.stream().map(IpForwarding::read).toList() : null;
    }

    /** Writes back what changed since {@link #before()}. */
    void restore(List<String> before) {
        if (before == null) {
            return;
        }
        for (int i = 0; i < switches.size(); i++) {
            String was = before.get(i);
            if (was != null && !was.equals(read(switches.get(i)))) {
                try {
                    Files.writeString(switches.get(i), was);
                } catch (IOException e) {
                    LOG.warn("ip-forward=false: {} cannot be set back to {}: {}", switches.get(i), was, e.getMessage());
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
