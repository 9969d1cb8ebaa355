package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seccomp as a Docker user meets it: every container runs under the default profile unless it is
 * --privileged or asks for seccomp=unconfined, and --security-opt seccomp=profile.json applies the user's own.
 * Applets the test image does not link are run as {@code busybox <applet>}.
 */
@WithLinnet
class SeccompEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    @TempDir
    static Path work;

    private static String seccompMode(String... options) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "--rm"));
        args.addAll(java.util.List.of(options));
        args.addAll(java.util.List.of("busybox", "grep", "^Seccomp:", "/proc/self/status"));
        return daemon.docker(args.toArray(String[]::new)).assertSuccess().stdout().trim();
    }

    @Test
    void filteredByDefaultNotWhenUnconfinedOrPrivileged() throws Exception {
        assertEquals("Seccomp:\t2", seccompMode());
        assertEquals("Seccomp:\t2", seccompMode("--security-opt", "seccomp=builtin"));
        assertEquals("Seccomp:\t0", seccompMode("--security-opt", "seccomp=unconfined"));
        assertEquals("Seccomp:\t0", seccompMode("--privileged"));
        // an exec runs under its container's filter
        daemon.docker("run", "-d", "--name", "filtered", "busybox", "sleep", "100").assertSuccess();
        assertEquals("Seccomp:\t2", daemon.docker("exec", "filtered", "grep", "^Seccomp:", "/proc/self/status")
                .assertSuccess().stdout().trim());
    }

    @Test
    void userProfileDeniesWhatItLists() throws Exception {
        Path profile = Files.writeString(work.resolve("no-mkdir.json"), """
                {
                  "defaultAction": "SCMP_ACT_ALLOW",
                  "syscalls": [
                    {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}
                  ]
                }
                """);
        Commands.Result mkdir = daemon.docker("run", "--rm", "--security-opt", "seccomp=" + profile, "busybox",
                "mkdir", "/x");
        assertNotEquals(0, mkdir.exitCode());
        assertTrue(mkdir.stderr().contains("Operation not permitted"), mkdir.stderr());
        assertEquals("ok\n", daemon.docker("run", "--rm", "--security-opt", "seccomp=" + profile, "busybox", "sh",
                "-c", "touch /y && ls /y >/dev/null && echo ok").assertSuccess().stdout());

        // inspect shows what the client sent: the profile's JSON, compacted by the CLI
        daemon.docker("create", "--name", "custom", "--security-opt", "seccomp=" + profile, "busybox", "true")
                .assertSuccess();
        JsonNode securityOpt = JSON.readTree(daemon.docker("inspect", "custom").assertSuccess().stdout()).get(0)
                .path("HostConfig").path("SecurityOpt");
        assertEquals(1, securityOpt.size());
        assertEquals("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mkdir\",\"mkdirat\"],"
                + "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}]}", securityOpt.get(0).asText());
    }

    @Test
    void malformedProfilesAreRefused() throws Exception {
        UnixHttp.Reply notJson = daemon.http().send("POST", "/v1.43/containers/create?name=badprofile",
                "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"SecurityOpt\":[\"seccomp=notjson\"]}}");
        assertEquals(400, notJson.status(), notJson.body());
        assertTrue(notJson.body().contains("Decoding seccomp profile failed: "), notJson.body());
        UnixHttp.Reply both = daemon.http().send("POST", "/v1.43/containers/create?name=badprofile",
                "{\"Image\":\"busybox\",\"HostConfig\":{\"SecurityOpt\":[\"seccomp={\\\"defaultAction\\\":"
                        + "\\\"SCMP_ACT_ALLOW\\\",\\\"syscalls\\\":[{\\\"name\\\":\\\"a\\\",\\\"names\\\":[\\\"b\\\"]}]}\"]}}");
        assertEquals(400, both.status(), both.body());
        assertTrue(both.body().contains("'name' and 'names' were specified in the seccomp profile"), both.body());

        // the CLI itself refuses a file that is not JSON
        Path broken = Files.writeString(work.resolve("broken.json"), "{ not json");
        Commands.Result cli = daemon.docker("run", "--rm", "--security-opt", "seccomp=" + broken, "busybox", "true");
        assertNotEquals(0, cli.exitCode());
        assertTrue(cli.stderr().contains("seccomp profile"), cli.stderr());
    }

    @Test
    void capabilitiesOpenTheirCallsButSomeStayShut() throws Exception {
        // namespaces need CAP_SYS_ADMIN, as with dockerd
        Commands.Result unshare = daemon.docker("run", "--rm", "busybox", "busybox", "unshare", "-m", "true");
        assertNotEquals(0, unshare.exitCode());
        assertTrue(unshare.stderr().contains("Operation not permitted"), unshare.stderr());
        daemon.docker("run", "--rm", "--cap-add", "SYS_ADMIN", "busybox", "busybox", "unshare", "-m", "true")
                .assertSuccess();
        // swapoff is outside the profile whatever the capabilities (dockerd 20.10 answers the same)
        Commands.Result swapoff = daemon.docker("run", "--rm", "--cap-add", "SYS_ADMIN", "busybox", "busybox",
                "swapoff", "/tmp/nothing");
        assertNotEquals(0, swapoff.exitCode());
        assertTrue(swapoff.stderr().contains("Operation not permitted"), swapoff.stderr());
        Commands.Result unfiltered = daemon.docker("run", "--rm", "--cap-add", "SYS_ADMIN", "--security-opt",
                "seccomp=unconfined", "busybox", "busybox", "swapoff", "/tmp/nothing");
        assertTrue(unfiltered.stderr().contains("No such file or directory"), unfiltered.stderr());
        // the kernel log needs CAP_SYSLOG
        Commands.Result dmesg = daemon.docker("run", "--rm", "busybox", "busybox", "dmesg");
        assertTrue(dmesg.stderr().contains("Operation not permitted"), dmesg.stderr());
    }

    @Test
    void everydayWorkloadsRunUnderTheDefaultProfile() throws Exception {
        daemon.docker("run", "-d", "--name", "web", "busybox", "sh", "-c",
                "mkdir -p /www && echo served > /www/index.html && exec httpd -f -p 8080 -h /www").assertSuccess();
        String out = daemon.docker("exec", "web", "sh", "-c",
                "for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O- http://127.0.0.1:8080/ && break; sleep 0.2; done; "
                        + "ps -o comm | grep -m 1 httpd; id -u; top -b -n 1 >/dev/null && echo top").assertSuccess()
                .stdout();
        // (httpd may still have the child that served wget: ps is asked for one of them)
        assertEquals("served\nhttpd\n0\ntop\n", out);
        // tini as PID 1 (--init), a non-root user, a subshell pipeline, chroot (CAP_SYS_CHROOT is a default)
        assertEquals("x\n", daemon.docker("run", "--rm", "--init", "-u", "65534", "busybox", "sh", "-c",
                "echo x | cat | grep x").assertSuccess().stdout());
        assertEquals("chrooted\n", daemon.docker("run", "--rm", "busybox", "busybox", "chroot", "/", "echo",
                "chrooted").assertSuccess().stdout());
    }

    /** Makes one syscall its arguments name and prints "ok" or the errno's text; busybox has no applet for these. */
    private static final String PROBE_SOURCE = """
            #include <errno.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/socket.h>
            #include <sys/syscall.h>
            #include <unistd.h>
            int main(int argc, char **argv) {
              long r;
              char params[120] = {0};
              if (argc == 3 && strcmp(argv[1], "socket") == 0) {
                int family = atoi(argv[2]);
                r = socket(family, family == 38 ? SOCK_SEQPACKET : SOCK_STREAM, 0);
              } else if (argc == 2 && strcmp(argv[1], "io_uring_setup") == 0) {
                r = syscall(SYS_io_uring_setup, 1, params);
              } else {
                return 2;
              }
              puts(r < 0 ? strerror(errno) : "ok");
              return r < 0;
            }
            """;

    /** The probe built static with the host's C compiler, to bind into busybox containers. */
    private static Path probe() throws Exception {
        Path binary = work.resolve("probe");
        if (!Files.exists(binary)) {
            Path source = Files.writeString(work.resolve("probe.c"), PROBE_SOURCE);
            Commands.run("cc", "-static", "-O", "-o", binary.toString(), source.toString()).assertSuccess();
        }
        return binary;
    }

    private static String probe(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("run", "--rm", "-v",
                probe() + ":/probe:ro", "busybox", "/probe"));
        command.addAll(java.util.List.of(args));
        Commands.Result result = daemon.docker(command.toArray(String[]::new));
        // the probe's own exit code is 1 when the call failed; anything else is the run that failed
        if (result.exitCode() > 1) {
            throw new AssertionError("probe did not run: " + result.stderr());
        }
        return result.stdout().trim();
    }

    @Test
    void ioUringIsShutAsWithCurrentDockerd() throws Exception {
        assertEquals("Operation not permitted", probe("io_uring_setup"));
    }

    @Test
    void socketsOfTheCryptoApiAndVsockAreShut() throws Exception {
        // AF_VSOCK (40) reaches the hypervisor's host; AF_ALG (38) is the kernel crypto API of CVE-2026-31431
        assertEquals("Operation not permitted", probe("socket", "40"));
        assertEquals("Operation not permitted", probe("socket", "38"));
        // the families programs use stay open: AF_UNIX, AF_INET, AF_INET6, AF_NETLINK
        for (String family : java.util.List.of("1", "2", "10")) {
            assertEquals("ok", probe("socket", family), "family " + family);
        }
        // AF_NETLINK only takes datagram sockets: the kernel's answer, not the filter's
        assertEquals("Socket type not supported", probe("socket", "16"));
        // the filter's answer goes with it: unconfined, the kernel decides
        assertEquals("ok", daemon.docker("run", "--rm", "--security-opt", "seccomp=unconfined", "-v",
                probe() + ":/probe:ro", "busybox", "/probe", "socket", "40").stdout().trim());
    }

    @Test
    void systemPathsUnconfinedUnmasksProc() throws Exception {
        String masked = daemon.docker("run", "--rm", "busybox", "sh", "-c",
                "grep -c -e ' /proc/keys ' -e ' /proc/sys ' /proc/self/mountinfo").stdout().trim();
        assertEquals("2", masked, "/proc/keys masked, /proc/sys read-only");
        String open = daemon.docker("run", "--rm", "--security-opt", "systempaths=unconfined", "busybox", "sh", "-c",
                "grep -c -e ' /proc/keys ' -e ' /proc/sys ' /proc/self/mountinfo").stdout().trim();
        assertEquals("0", open);
    }
}
