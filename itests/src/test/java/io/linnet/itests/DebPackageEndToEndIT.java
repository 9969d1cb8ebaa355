package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The .deb the build makes (distribution/target/linnet_*.deb), as an operator uses it on this machine
 * (root, Debian 12): its contents and Depends, {@code apt-get install ./linnet_*.deb} with Debian's
 * containerd, runc, CNI plugins and Java as the dependencies, {@code /usr/bin/linnetd} started from it
 * running {@code docker run --rm busybox echo hi}, and {@code apt-get purge} taking it all away again.
 */
class DebPackageEndToEndIT {
    private static final Map<String, String> APT = Map.of("DEBIAN_FRONTEND", "noninteractive");
    private static final Duration APT_TIME = Duration.ofMinutes(5);

    @Test
    void theDebInstallsRunsContainersAndPurges() throws Exception {
        Path deb = builtDeb();
        String fields = Commands.run("dpkg-deb", "--field", deb.toString(), "Package", "Depends").assertSuccess().stdout();
        assertTrue(fields.contains("Package: linnet"), fields);
        for (String dependency : List.of("containerd", "runc", "containernetworking-plugins",
                "default-jre-headless | java17-runtime-headless")) {
            assertTrue(fields.contains(dependency), fields);
        }
        String contents = Commands.run("dpkg-deb", "--contents", deb.toString()).assertSuccess().stdout();
        assertTrue(contents.contains("./usr/bin/linnetd -> /usr/lib/linnet/bin/linnetd"), contents);
        for (String file : List.of("./usr/lib/linnet/conf/features", "./lib/systemd/system/linnet.service",
                "./lib/systemd/system/linnet.socket", "./etc/linnet/daemon.json", "./usr/lib/linnet/features/linnet-default.json")) {
            assertTrue(contents.contains(file + "\n"), file + " in\n" + contents);
        }
        assertTrue(contents.lines().anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith("./usr/lib/linnet/libexec/linnet-log")),
                contents);

        apt("purge", "linnet"); // a run that broke half-way may have left it
        try {
            apt("install", deb.toAbsolutePath().toString()).assertSuccess();
            String status = Commands.run("dpkg-query", "-W", "-f", "${Status} ${Version}", "linnet").assertSuccess().stdout();
            assertTrue(status.startsWith("install ok installed"), status);
            assertTrue(Files.isExecutable(Path.of("/usr/bin/linnetd")));
            assertEquals("{\n}\n", Files.readString(Path.of("/etc/linnet/daemon.json")));

            // the installed daemon, started by its name on PATH (/usr + bin/linnetd), in roots of its own
            try (LinnetDaemon daemon = LinnetDaemon.startFrom(Path.of("/usr"))) {
                try {
                    daemon.loadBusybox(Files.createDirectories(daemon.root.resolve("test-images")), "deb");
                    Commands.Result hi = daemon.docker("run", "--rm", "busybox", "echo", "hi").assertSuccess();
                    assertEquals("hi", hi.stdout().trim());
                    // /usr/bin/linnetd is a link: the daemon found its home through it
                    String cmdline = Files.readString(Path.of("/proc/" + daemon.pid() + "/cmdline")).replace('\0', ' ');
                    assertTrue(cmdline.contains("-Dlinnet.home=/usr/lib/linnet "), cmdline);
                } finally {
                    daemon.removeAllContainers();
                    daemon.close();
                    daemon.strays().forEach(ProcessHandle::destroyForcibly);
                    daemon.deleteRoot();
                }
            }
        } finally {
            Commands.Result purge = apt("purge", "linnet");
            assertEquals(0, purge.exitCode(), purge.stdout() + purge.stderr());
        }
        assertFalse(Files.exists(Path.of("/usr/bin/linnetd"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(Path.of("/usr/lib/linnet")));
        assertFalse(Files.exists(Path.of("/etc/linnet")));
        assertFalse(Files.exists(Path.of("/lib/systemd/system/linnet.service")));
    }

    private static Path builtDeb() throws Exception {
        Path target = LinnetDaemon.home("linnet.distribution").getParent();
        try (Stream<Path> files = Files.list(target)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("linnet_.*\\.deb")).toList();
            assertEquals(1, debs.size(), "one .deb in " + target + ": " + debs);
            return debs.get(0);
        }
    }

    private static Commands.Result apt(String command, String what) throws Exception {
        return Commands.run(APT, List.of("apt-get", "-y", "-q", "-o", "DPkg::Lock::Timeout=120", command, what), APT_TIME);
    }
}
