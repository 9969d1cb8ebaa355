package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defaults a container and the host get as with current dockerd: masked and read-only /proc and /sys paths,
 * security options applied or refused with dockerd's answer, dockerd's file modes under the data and exec roots,
 * and bridge names a kernel takes. Compared with dockerd 20.10 run beside it and moby 24's source.
 */
@WithLinnet
class ContainerDefaultsEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    @TempDir
    static Path work;

    private static JsonNode hostConfig(String container) throws Exception {
        return JSON.readTree(daemon.docker("inspect", container).assertSuccess().stdout()).get(0).path("HostConfig");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static UnixHttp.Reply create(String name, String hostConfig) throws Exception {
        return daemon.http().send("POST", "/v1.43/containers/create?name=" + name,
                "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\",\"grep -e ' /proc/' -e ' /sys/' /proc/self/mountinfo\"],"
                        + "\"HostConfig\":" + hostConfig + "}");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    // masked and read-only paths

    @Test
    void procAndSysPathsAreMaskedAsCurrentDockerdMasksThem() throws Exception {
        daemon.docker("create", "--name", "plain", "busybox", "true").assertSuccess();
        JsonNode hc = hostConfig("plain");
        // stored with the container as dockerd does; /proc/interrupts since GHSA-6fw5-f8r9-fgfm
        List<String> masked = strings(hc.path("MaskedPaths"));
        assertTrue(masked.containsAll(List.of("/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore",
                "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
                "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap")), masked.toString());
        assertEquals(List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
                strings(hc.path("ReadonlyPaths")));
        // in the container: /proc/interrupts is /dev/null mounted over it, so it reads empty
        assertEquals("0\n", daemon.docker("run", "--rm", "busybox", "sh", "-c", "wc -c < /proc/interrupts")
                .assertSuccess().stdout());
        assertEquals("ro\n", daemon.docker("run", "--rm", "busybox", "sh", "-c",
                "grep ' /proc/sys ' /proc/self/mountinfo | cut -d' ' -f6 | cut -d, -f1").assertSuccess().stdout());
        // privileged: none, and inspect shows null as dockerd's
        daemon.docker("create", "--name", "priv", "--privileged", "busybox", "true").assertSuccess();
        assertTrue(hostConfig("priv").path("MaskedPaths").isNull());
        assertNotEquals("0\n", daemon.docker("run", "--rm", "--privileged", "busybox", "sh", "-c",
                "wc -c < /proc/interrupts").assertSuccess().stdout());
    }

    @Test
    void pathsTheClientSetsReplaceTheDefaults() throws Exception {
        UnixHttp.Reply custom = create("custom", "{\"MaskedPaths\":[\"/proc/version\"],\"ReadonlyPaths\":[]}");
        assertEquals(201, custom.status(), custom.body());
        JsonNode hc = hostConfig("custom");
        assertEquals(List.of("/proc/version"), strings(hc.path("MaskedPaths")));
        assertEquals(List.of(), strings(hc.path("ReadonlyPaths")));
        String mounts = daemon.docker("start", "-a", "custom").assertSuccess().stdout();
        assertTrue(mounts.contains(" /proc/version "), mounts);
        assertTrue(!mounts.contains(" /proc/keys ") && !mounts.contains(" /proc/sys "), mounts);
    }

    // security options

    @Test
    void securityOptionsDockerdDoesNotKnowAreRefusedWithItsAnswer() throws Exception {
        // dockerd returns these as plain errors: 500 with its text (checked against dockerd 20.10, and moby 24's
        // create returns the same unwrapped error)
        for (String[] refused : new String[][] {
                {"foo=bar", "invalid --security-opt 2: \\\"foo=bar\\\""},
                {"foo", "invalid --security-opt 1: \\\"foo\\\""},
                {"no-new-privileges=maybe", "invalid --security-opt 2: \\\"no-new-privileges=maybe\\\""},
                // the CLI's own option: it sends empty MaskedPaths and ReadonlyPaths, the daemon never knew it
                {"systempaths=unconfined", "invalid --security-opt 2: \\\"systempaths=unconfined\\\""}}) {
            UnixHttp.Reply reply = create("refused", "{\"SecurityOpt\":[\"" + refused[0] + "\"]}");
            assertEquals(500, reply.status(), refused[0] + ": " + reply.body());
            assertEquals("{\"message\":\"" + refused[1] + "\"}", reply.body().trim());
        }
        assertEquals("", daemon.docker("ps", "-aq").stdout().trim(), "nothing was created");
        Commands.Result cli = daemon.docker("run", "--rm", "--security-opt", "foo=bar", "busybox", "true");
        assertEquals(125, cli.exitCode());
        assertTrue(cli.stderr().contains("Error response from daemon: invalid --security-opt 2: \"foo=bar\""),
                cli.stderr());
    }

    @Test
    void securityOptionsDockerdTakesAreTaken() throws Exception {
        // "disable" (SELinux's label=disable) and, on a host without AppArmor and SELinux, apparmor= and label=
        // are taken and have nothing to apply, as with dockerd (its SELinux support is off unless configured)
        for (String opt : List.of("disable", "label=disable", "label=user:u", "apparmor=custom", "apparmor:custom")) {
            UnixHttp.Reply reply = create("taken", "{\"SecurityOpt\":[\"" + opt + "\"]}");
            assertEquals(201, reply.status(), opt + ": " + reply.body());
            daemon.docker("rm", "taken").assertSuccess();
        }
        // no-new-privileges is applied
        assertEquals("NoNewPrivs:\t1", daemon.docker("run", "--rm", "--security-opt", "no-new-privileges", "busybox",
                "grep", "^NoNewPrivs:", "/proc/self/status").assertSuccess().stdout().trim());
        assertEquals("NoNewPrivs:\t0", daemon.docker("run", "--rm", "--security-opt", "no-new-privileges=false",
                "busybox", "grep", "^NoNewPrivs:", "/proc/self/status").assertSuccess().stdout().trim());
    }

    // file modes

    @Test
    void filesUnderTheRootsHaveDockerdsModes() throws Exception {
        assertEquals("rwx--x---", mode(daemon.dataRoot), "data root 0710");
        assertEquals("rwx------", mode(daemon.execRoot), "exec root 0700");
        daemon.docker("run", "--name", "logged", "busybox", "echo", "hello").assertSuccess();
        String id = daemon.docker("inspect", "-f", "{{.Id}}", "logged").assertSuccess().stdout().trim();
        Path dir = daemon.dataRoot.resolve("containers").resolve(id);
        assertEquals("rwx--x---", mode(dir.getParent()), "containers 0710");
        assertEquals("rwx--x---", mode(dir), "containers/<id> 0710");
        Path log = dir.resolve(id + "-json.log");
        assertTrue(Files.readString(log).contains("hello"));
        assertEquals("rw-r-----", mode(log), "log 0640");
        assertEquals("rwxr-x---", mode(daemon.dataRoot.resolve("networks")), "networks 0750 (dockerd's network)");
        daemon.docker("volume", "create", "modes").assertSuccess();
        assertEquals("rwx-----x", mode(daemon.dataRoot.resolve("volumes")), "volumes 0701");
        assertEquals("rwx-----x", mode(daemon.dataRoot.resolve("volumes/modes")), "a volume 0701");
        daemon.docker("volume", "rm", "modes").assertSuccess();
    }

    // network and bridge names

    @Test
    void networkNamesAreFreeAsWithDockerd() throws Exception {
        // dockerd refuses only a blank name; a name never reaches a path or an interface
        daemon.docker("network", "create", "my net").assertSuccess();
        assertEquals("my net", JSON.readTree(daemon.docker("network", "inspect", "my net").assertSuccess().stdout())
                .get(0).path("Name").asText());
        daemon.docker("network", "rm", "my net").assertSuccess();
        UnixHttp.Reply blank = daemon.http().send("POST", "/v1.43/networks/create", "{\"Name\":\"  \"}");
        assertEquals(400, blank.status(), blank.body());
        assertEquals("{\"message\":\"invalid name:   \"}", blank.body().trim());
    }

    @Test
    void bridgeNamesAreLinuxInterfaceNamesOfNoOtherInterface() throws Exception {
        String[][] refused = {
                {"lo", "existing interface lo is not a bridge"},
                {"waytoolongbridgename", "failed to check bridge interface existence: numerical result out of range"},
                {"sl/ash", "invalid argument"},
                {"..", "invalid argument"},
                {"has space", "invalid argument"}};
        for (String[] bad : refused) {
            UnixHttp.Reply reply = daemon.http().send("POST", "/v1.43/networks/create",
                    "{\"Name\":\"badbridge\",\"Options\":{\"com.docker.network.bridge.name\":\"" + bad[0] + "\"}}");
            assertEquals(500, reply.status(), bad[0] + ": " + reply.body());
            assertEquals("{\"message\":\"" + bad[1] + "\"}", reply.body().trim());
        }
        assertNotEquals(0, daemon.docker("network", "inspect", "badbridge").exitCode(), "nothing was created");
        daemon.docker("network", "create", "-o", "com.docker.network.bridge.name=lnt-ok15chars_", "goodbridge")
                .assertSuccess();
        daemon.docker("network", "rm", "goodbridge").assertSuccess();
    }

    @Test
    void aDaemonWithABridgeItCannotUseDoesNotStart() throws Exception {
        AssertionError refused = assertThrows(AssertionError.class, () -> {
            // a daemon that starts all the same is stopped, not left running
            LinnetDaemon.start("--bridge", "lo").close();
        });
        assertTrue(refused.getMessage().contains("linnetd exited with 1"), refused.getMessage());
        assertTrue(refused.getMessage().contains(
                "Error creating default \"bridge\" network: existing interface lo is not a bridge"),
                refused.getMessage());
    }
}
