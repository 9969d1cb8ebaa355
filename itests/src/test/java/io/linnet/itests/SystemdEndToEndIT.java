package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linnet under systemd as dockerd under it: the shipped linnet.service and linnet.socket pass
 * {@code systemd-analyze verify}; started with the socket passed as systemd passes it ({@code -H fd://},
 * LISTEN_FDS) it serves the docker CLI on that socket, tells NOTIFY_SOCKET READY=1 once it listens and
 * STOPPING=1 when it stops, and leaves the socket, which is systemd's, in place.
 */
class SystemdEndToEndIT {
    private static final Path HOME = Path.of(System.getProperty("linnet.distribution", "../distribution/target/linnet"));

    @TempDir
    Path work;

    @Test
    void theShippedUnitsPassSystemdAnalyzeVerify() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        Path linnetd = HOME.resolve("bin/linnetd").toAbsolutePath().normalize();
        // as installed, with ExecStart where this distribution is (verify checks that it is executable)
        Files.writeString(work.resolve("linnet.service"), Files.readString(HOME.resolve("systemd/linnet.service"))
                .replace("/usr/lib/linnet/bin/linnetd", linnetd.toString()));
        Files.copy(HOME.resolve("systemd/linnet.socket"), work.resolve("linnet.socket"));
        Commands.Result verify = Commands.run(Map.of(), List.of("sh", "-c",
                "cd " + work + " && systemd-analyze verify ./linnet.socket ./linnet.service"));
        assertEquals(0, verify.exitCode(), verify.stderr());
        assertEquals("", verify.stderr().trim(), "no unknown or misplaced keys");
        String service = Files.readString(work.resolve("linnet.service"));
        for (String line : List.of("Type=notify", "ExecReload=/bin/kill -s HUP $MAINPID", "Delegate=yes",
                "KillMode=process", "LimitNOFILE=infinity", "Requires=linnet.socket", " -H fd://")) {
            assertTrue(service.contains(line), line);
        }
    }

    @Test
    void aSocketPassedAsSystemdPassesItIsServedAndReadinessIsNotified() throws Exception {
        Path notifySocket = work.resolve("notify.sock");
        // systemd's side of sd_notify: a datagram socket that prints each message on a line of its own
        Process receiver = new ProcessBuilder("python3", "-u", "-c", String.join("\n",
                "import socket, sys",
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1]); s.settimeout(120)",
                "print('bound')",
                "while True: print(s.recv(4096).decode().replace('\\n', ' '))"), notifySocket.toString())
                .redirectErrorStream(true).start();
        LinnetDaemon daemon = null;
        try {
            BufferedReader messages = new BufferedReader(new InputStreamReader(receiver.getInputStream()));
            assertEquals("bound", messages.readLine());
            daemon = LinnetDaemon.startSocketActivated(Map.of("NOTIFY_SOCKET", notifySocket.toString()));
            String ready = messages.readLine();
            assertTrue(ready.contains("READY=1"), ready);
            assertTrue(daemon.logText().contains("API will listen on the socket systemd passed: unix://"
                    + daemon.socket), daemon.logText());

            daemon.loadBusybox(Files.createDirectories(daemon.root.resolve("images")), "systemd");
            assertEquals("hi\n", daemon.docker("run", "--rm", "busybox", "echo", "hi").assertSuccess().stdout());
            assertEquals("linux", daemon.docker("version", "--format", "{{.Server.Os}}").assertSuccess().stdout().trim());

            assertEquals(0, daemon.terminate(), daemon.logText());
            List<String> rest = new ArrayList<>();
            for (String line; rest.stream().noneMatch(l -> l.contains("STOPPING=1")) && (line = messages.readLine()) != null; ) {
                rest.add(line);
            }
            assertTrue(rest.stream().anyMatch(l -> l.contains("STOPPING=1")), rest.toString());
            assertTrue(Files.exists(daemon.socket), "the socket is systemd's: it stays for the next start");
        } finally {
            receiver.destroy();
            receiver.waitFor(10, TimeUnit.SECONDS);
            if (daemon != null) {
                daemon.close();
                for (ProcessHandle stray : daemon.strays()) {
                    stray.destroyForcibly();
                }
                daemon.deleteRoot();
            }
        }
    }

    @Test
    void fdWithoutASocketFromSystemdIsRefused() throws Exception {
        Commands.Result refused = Commands.run(HOME.resolve("bin/linnetd").toString(), "-H", "fd://",
                "--config-file", "/dev/null");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.stderr().contains("no sockets found via socket activation"), refused.stderr());
    }
}
