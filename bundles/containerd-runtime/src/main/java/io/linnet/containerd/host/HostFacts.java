package io.linnet.containerd.host;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Facts about the host that do not change while the daemon runs.
 *
 * @param seccomp the kernel filters system calls (a Seccomp line in /proc/self/status, as CONFIG_SECCOMP gives)
 */
public record HostFacts(String kernelVersion, String operatingSystem, String osVersion,
                        String architecture, long memTotal, String cgroupVersion, boolean seccomp) {

    private static final Path OS_RELEASE_KERNEL = Path.of("/proc/sys/kernel/osrelease");
    private static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");
    /** Only the unified hierarchy (cgroup v2) has this file at the mount root. */
    private static final Path CGROUP2_CONTROLLERS = Path.of("/sys/fs/cgroup/cgroup.controllers");

    public static HostFacts read() {
        OsRelease os = OsRelease.read();
        return new HostFacts(
                readTrimmed(OS_RELEASE_KERNEL, System.getProperty("os.version")),
                os.prettyName(),
                os.versionId(),
                Architecture.current(),
                MemInfo.readMemTotal(),
                Files.exists(CGROUP2_CONTROLLERS) ? "2" : "1",
                readTrimmed(Path.of("/proc/self/status"), "").lines().anyMatch(l -> l.startsWith("Seccomp:")));
    }

    /** The host name now (it can change while the daemon runs). */
    public static String hostname() {
        String name = readTrimmed(HOSTNAME, "");
        if (!name.isEmpty()) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String readTrimmed(Path file, String fallback) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return fallback;
        }
    }
}
