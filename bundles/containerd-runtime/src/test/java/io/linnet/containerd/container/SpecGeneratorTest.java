package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.UnknownException;
import io.linnet.api.model.container.HostConfig;
import io.linnet.api.model.container.DeviceMapping;
import io.linnet.api.model.container.Ulimit;
import io.linnet.engine.api.image.ImageConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecGeneratorTest {

    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n";
    private static final String GROUP = "root:x:0:\napp:x:1000:\nstaff:x:50:app\nwheel:x:10:root\n";
    private static final RootfsFiles FILES = path -> switch (path) {
        case "/etc/passwd" -> Optional.of(PASSWD.getBytes());
        case "/etc/group" -> Optional.of(GROUP.getBytes());
        default -> Optional.empty();
    };
    private final SpecGenerator generator = new SpecGenerator(new SpecSettings("/linnet", List.of(), true, new Capabilities(40)),
            path -> new HostDevices("c", 10, 229, 0666, 0, 0));

    private static ImageConfig image(List<String> entrypoint, List<String> cmd, List<String> env) {
        return new ImageConfig("", "", "", env, cmd, entrypoint, "", Map.of(), List.of(), List.of(), "", null,
                List.of(), List.of(), false);
    }

    private JsonNode spec(ContainerSpec spec) {
        return generator.generate(ID, spec, image(List.of(), List.of("sh"), List.of("PATH=/bin")), FILES);
    }

    private JsonNode spec(HostConfig host) {
        return spec(ContainerSpec.ofCmd(List.of("true")).withHostConfig(host));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode mount(JsonNode spec, String destination) {
        for (JsonNode m : spec.path("mounts")) {
            if (m.path("destination").asText().equals(destination)) {
                return m;
            }
        }
        return null;
    }

    // entrypoint / cmd

    @Test
    void cmdKeepsTheImageEntrypointAndEntrypointDropsTheImageCmd() {
        ImageConfig img = image(List.of("/entry", "-x"), List.of("default"), List.of());
        assertEquals(List.of("/entry", "-x", "default"), ConfigMerge.args(ContainerSpec.ofCmd(null), img));
        assertEquals(List.of("/entry", "-x", "mine"), ConfigMerge.args(ContainerSpec.ofCmd(List.of("mine")), img));
        assertEquals(List.of("/other"), ConfigMerge.args(ContainerSpec.ofCmd(null).withEntrypoint(List.of("/other")), img));
        assertEquals(List.of("/other", "a"),
                ConfigMerge.args(ContainerSpec.ofCmd(List.of("a")).withEntrypoint(List.of("/other")), img));
        // --entrypoint "" resets the image's entrypoint; the cmd given runs alone
        assertEquals(List.of("echo", "hi"),
                ConfigMerge.args(ContainerSpec.ofCmd(List.of("echo", "hi")).withEntrypoint(List.of("")), img));
        assertThrows(InvalidParameterException.class, () -> ConfigMerge.args(ContainerSpec.ofCmd(null),
                image(List.of(), List.of(), List.of())));
    }

    // environment

    @Test
    void containerEnvOverridesTheImageByKeyAndPathHasADefault() {
        ImageConfig img = image(List.of(), List.of("sh"), List.of("A=image", "B=image", "PATH=/image/bin"));
        ContainerSpec spec = ContainerSpec.ofCmd(null).withEnv(List.of("B=mine", "C=mine"));
        assertEquals(List.of("PATH=/image/bin", "HOSTNAME=0123456789ab", "B=mine", "C=mine", "A=image"),
                ConfigMerge.processEnv(spec, img, "0123456789ab"));
        assertEquals(List.of(ConfigMerge.DEFAULT_PATH, "HOSTNAME=h", "TERM=xterm"),
                ConfigMerge.processEnv(new ContainerSpec(List.of("sh"), null, List.of(), "", "", "h", "", true, false,
                        Map.of(), "", null), image(List.of(), List.of(), List.of()), "h"));
    }

    // user

    @Test
    void userResolution() {
        assertEquals(new ExecUser(0, 0, List.of(0L, 10L)), UserLookup.resolve("", List.of(), FILES));
        assertEquals(new ExecUser(1000, 1000, List.of(1000L, 50L)), UserLookup.resolve("app", List.of(), FILES));
        assertEquals(new ExecUser(1000, 1000, List.of(1000L, 50L)), UserLookup.resolve("1000", List.of(), FILES));
        assertEquals(new ExecUser(1000, 50, List.of(50L)), UserLookup.resolve("app:staff", List.of(), FILES));
        assertEquals(new ExecUser(4242, 0, List.of(0L)), UserLookup.resolve("4242", List.of(), FILES));
        assertEquals(new ExecUser(4242, 77, List.of(77L)), UserLookup.resolve("4242:77", List.of(), FILES));
        assertEquals(new ExecUser(1000, 1000, List.of(1000L, 50L, 10L, 99L)),
                UserLookup.resolve("app", List.of("wheel", "99"), FILES));
        assertEquals(new ExecUser(5, 6, List.of(6L)), UserLookup.resolve("5:6", List.of(), RootfsFiles.NONE));
        assertEquals("unable to find user nobody: no matching entries in passwd file",
                assertThrows(InvalidParameterException.class, () -> UserLookup.resolve("nobody", List.of(), FILES)).getMessage());
        assertThrows(InvalidParameterException.class, () -> UserLookup.resolve("app:nogroup", List.of(), FILES));
        assertThrows(InvalidParameterException.class, () -> UserLookup.resolve("app", List.of("nogroup"), FILES));
        JsonNode user = spec(ContainerSpec.ofCmd(List.of("true")).withUser("app")).path("process").path("user");
        assertEquals(1000, user.path("uid").asInt());
        assertEquals(List.of("1000", "50"), strings(user.path("additionalGids")));
    }

    // capabilities

    @Test
    void capabilitiesAddDropAndAll() {
        Capabilities caps = new Capabilities(40);
        assertEquals(14, Capabilities.DEFAULTS.size());
        assertEquals(Capabilities.DEFAULTS, caps.tweak(List.of(), List.of(), false));
        List<String> dropped = caps.tweak(List.of("sys_admin"), List.of("NET_RAW", "cap_chown"), false);
        assertFalse(dropped.contains("CAP_NET_RAW"));
        assertFalse(dropped.contains("CAP_CHOWN"));
        assertTrue(dropped.contains("CAP_SYS_ADMIN"));
        assertEquals(13, dropped.size());
        assertEquals(List.of("CAP_NET_BIND_SERVICE"), caps.tweak(List.of("NET_BIND_SERVICE"), List.of("ALL"), false));
        List<String> all = caps.tweak(List.of("ALL"), List.of("MKNOD"), false);
        assertEquals(40, all.size());
        assertFalse(all.contains("CAP_MKNOD"));
        assertEquals(41, caps.tweak(List.of(), List.of(), true).size());
        assertEquals("unknown capability: \"CAP_BOGUS\"",
                assertThrows(InvalidParameterException.class, () -> caps.tweak(List.of("bogus"), List.of(), false)).getMessage());
        JsonNode c = spec(TestHostConfig.builder().capDrop(List.of("ALL")).build()).path("process").path("capabilities");
        assertEquals(List.of(), strings(c.path("bounding")));
        assertEquals(List.of(), strings(c.path("effective")));
    }

    // defaults

    @Test
    void dockerDefaults() {
        JsonNode s = spec(HostConfig.zero());
        assertEquals("0123456789ab", s.path("hostname").asText());
        assertEquals(List.of("true"), strings(s.path("process").path("args")));
        assertEquals("/", s.path("process").path("cwd").asText());
        assertEquals(Capabilities.DEFAULTS, strings(s.path("process").path("capabilities").path("bounding")));
        assertEquals("rootfs", s.path("root").path("path").asText());
        assertFalse(s.path("root").path("readonly").asBoolean());
        assertEquals("/linnet/" + ID, s.path("linux").path("cgroupsPath").asText());
        assertEquals(List.of("mount", "network", "uts", "pid", "ipc"),
                s.path("linux").path("namespaces").findValuesAsText("type"));
        assertTrue(s.path("linux").path("namespaces").findValues("path").isEmpty());
        assertEquals(List.of("/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys",
                "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                "/sys/firmware", "/sys/devices/virtual/powercap"), strings(s.path("linux").path("maskedPaths")));
        assertEquals(List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
                strings(s.path("linux").path("readonlyPaths")));
        assertEquals(List.of("/proc", "/dev", "/sys", "/dev/pts", "/dev/mqueue", "/dev/shm", "/sys/fs/cgroup"),
                s.path("mounts").findValuesAsText("destination"));
        assertTrue(strings(mount(s, "/dev/shm").path("options")).contains("size=67108864"));
        assertTrue(strings(mount(s, "/sys").path("options")).contains("ro"));
        assertTrue(strings(mount(s, "/sys/fs/cgroup").path("options")).contains("ro"));
        assertEquals("0", s.path("linux").path("sysctl").path("net.ipv4.ip_unprivileged_port_start").asText());
        JsonNode rules = s.path("linux").path("resources").path("devices");
        assertFalse(rules.get(0).path("allow").asBoolean());
        assertEquals("rwm", rules.get(0).path("access").asText());
        assertEquals(0, s.path("process").path("rlimits").size());
        assertFalse(s.path("process").path("noNewPrivileges").asBoolean());
        assertTrue(s.path("linux").path("resources").path("memory").isMissingNode());
    }

    // each HostConfig field

    @Test
    void memoryLimits() {
        JsonNode m = spec(TestHostConfig.builder().memory(64 << 20).memoryReservation(32 << 20).oomKillDisable(true).build())
                .path("linux").path("resources").path("memory");
        assertEquals(64 << 20, m.path("limit").asLong());
        assertEquals(32 << 20, m.path("reservation").asLong());
        assertEquals(128 << 20, m.path("swap").asLong()); // twice the memory when not given
        assertTrue(m.path("disableOOMKiller").asBoolean());
        assertEquals(-1, spec(TestHostConfig.builder().memory(64 << 20).memorySwap(-1).build())
                .path("linux").path("resources").path("memory").path("swap").asLong());
        JsonNode noSwapAccounting = new SpecGenerator(new SpecSettings("/linnet", List.of(), false, new Capabilities(40)))
                .generate(ID, ContainerSpec.ofCmd(List.of("true")).withHostConfig(TestHostConfig.builder().memory(1 << 26).build()),
                        image(List.of(), List.of(), List.of()), FILES);
        assertTrue(noSwapAccounting.path("linux").path("resources").path("memory").path("swap").isMissingNode());
    }

    @Test
    void cpuLimits() {
        JsonNode cpu = spec(TestHostConfig.builder().nanoCpus(1_500_000_000L).cpuShares(512).cpusetCpus("0-1").cpusetMems("0")
                .build()).path("linux").path("resources").path("cpu");
        assertEquals(100000, cpu.path("period").asLong());
        assertEquals(150000, cpu.path("quota").asLong());
        assertEquals(512, cpu.path("shares").asLong());
        assertEquals("0-1", cpu.path("cpus").asText());
        assertEquals("0", cpu.path("mems").asText());
        cpu = spec(TestHostConfig.builder().cpuPeriod(50000).cpuQuota(25000).build()).path("linux").path("resources").path("cpu");
        assertEquals(50000, cpu.path("period").asLong());
        assertEquals(25000, cpu.path("quota").asLong());
        assertThrows(InvalidParameterException.class, () -> spec(TestHostConfig.builder().nanoCpus(1).cpuPeriod(1).build()));
    }

    @Test
    void pidsUlimitsAndSysctls() {
        JsonNode s = spec(TestHostConfig.builder().pidsLimit(100).ulimits(List.of(new Ulimit("nofile", 2048, 1024)))
                .sysctls(Map.of("net.core.somaxconn", "1024")).build());
        assertEquals(100, s.path("linux").path("resources").path("pids").path("limit").asLong());
        JsonNode r = s.path("process").path("rlimits").get(0);
        assertEquals("RLIMIT_NOFILE", r.path("type").asText());
        assertEquals(1024, r.path("soft").asLong());
        assertEquals(2048, r.path("hard").asLong());
        assertEquals("1024", s.path("linux").path("sysctl").path("net.core.somaxconn").asText());
        assertEquals(-1, spec(TestHostConfig.builder().pidsLimit(-1).build()).path("linux").path("resources").path("pids")
                .path("limit").asLong());
    }

    @Test
    void privilegedReadonlyAndNoNewPrivileges() {
        JsonNode p = spec(TestHostConfig.builder().privileged(true).build());
        assertEquals(41, p.path("process").path("capabilities").path("bounding").size());
        assertTrue(p.path("linux").path("maskedPaths").isMissingNode());
        assertFalse(strings(mount(p, "/sys").path("options")).contains("ro"));
        assertTrue(p.path("linux").path("resources").path("devices").get(0).path("allow").asBoolean());
        JsonNode s = spec(TestHostConfig.builder().readonlyRootfs(true).securityOpt(List.of("no-new-privileges")).build());
        assertTrue(s.path("root").path("readonly").asBoolean());
        assertTrue(s.path("process").path("noNewPrivileges").asBoolean());
        assertFalse(spec(TestHostConfig.builder().securityOpt(List.of("no-new-privileges", "no-new-privileges:false"))
                .build()).path("process").path("noNewPrivileges").asBoolean());
        assertThrows(UnknownException.class, () -> spec(TestHostConfig.builder().securityOpt(List.of("bogus")).build()));
    }

    @Test
    void seccompAndSystemPaths() {
        JsonNode plain = spec(TestHostConfig.builder().build());
        assertEquals("SCMP_ACT_ERRNO", plain.path("linux").path("seccomp").path("defaultAction").asText());
        assertTrue(spec(TestHostConfig.builder().privileged(true).build()).path("linux").path("seccomp").isMissingNode());
        assertTrue(spec(TestHostConfig.builder().securityOpt(List.of("seccomp=unconfined")).build())
                .path("linux").path("seccomp").isMissingNode());
        // the CLI's systempaths=unconfined: empty lists; as an option it is not dockerd's
        JsonNode open = spec(TestHostConfig.builder().maskedPaths(List.of()).readonlyPaths(List.of()).build());
        assertTrue(open.path("linux").path("maskedPaths").isMissingNode());
        assertTrue(open.path("linux").path("readonlyPaths").isMissingNode());
        assertFalse(open.path("linux").path("seccomp").isMissingNode());
        assertThrows(UnknownException.class,
                () -> spec(TestHostConfig.builder().securityOpt(List.of("systempaths=unconfined")).build()));
        // lists the client sets replace the defaults, also for a privileged container
        JsonNode custom = spec(TestHostConfig.builder().privileged(true).maskedPaths(List.of("/proc/cpuinfo"))
                .readonlyPaths(List.of("/proc/version")).build());
        assertEquals(List.of("/proc/cpuinfo"), strings(custom.path("linux").path("maskedPaths")));
        assertEquals(List.of("/proc/version"), strings(custom.path("linux").path("readonlyPaths")));
        JsonNode privileged = spec(TestHostConfig.builder().privileged(true).build());
        assertTrue(privileged.path("linux").path("maskedPaths").isMissingNode());
        assertThrows(InvalidParameterException.class,
                () -> spec(TestHostConfig.builder().securityOpt(List.of("seccomp={")).build()));
    }

    @Test
    void mountsShmTmpfsBindsAndDevices() {
        JsonNode s = spec(TestHostConfig.builder().shmSize(1 << 20).tmpfs(Map.of("/run", "size=1m"))
                .binds(List.of("/srv/data:/data:ro", "/srv/logs:/logs")).devices(List.of(new DeviceMapping("/dev/fuse", "", "rw")))
                .build());
        assertTrue(strings(mount(s, "/dev/shm").path("options")).contains("size=1048576"));
        assertEquals(List.of("noexec", "nosuid", "nodev", "size=1m"), strings(mount(s, "/run").path("options")));
        assertEquals("/srv/data", mount(s, "/data").path("source").asText());
        assertEquals(List.of("rbind", "ro", "rprivate"), strings(mount(s, "/data").path("options")));
        assertEquals(List.of("rbind", "rprivate"), strings(mount(s, "/logs").path("options")));
        JsonNode device = s.path("linux").path("devices").get(0);
        assertEquals("/dev/fuse", device.path("path").asText());
        assertEquals(10, device.path("major").asInt());
        JsonNode rules = s.path("linux").path("resources").path("devices");
        assertEquals("rw", rules.get(rules.size() - 1).path("access").asText());
        assertThrows(InvalidParameterException.class, () -> spec(TestHostConfig.builder().binds(List.of("/x:relative")).build()));
    }

    @Test
    void hostNamespaces() {
        JsonNode s = spec(TestHostConfig.builder().ipcMode("host").pidMode("host").utsMode("host").build());
        assertEquals(List.of("mount", "network"), s.path("linux").path("namespaces").findValuesAsText("type"));
        assertTrue(s.path("hostname").isMissingNode());
        assertEquals("bind", mount(s, "/dev/shm").path("type").asText());
        assertThrows(InvalidParameterException.class, () -> spec(TestHostConfig.builder().pidMode("container:x").build()));
    }

    @Test
    void aPrivateCgroupNamespaceOnlyWhenAsked() {
        assertTrue(spec(TestHostConfig.builder().cgroupnsMode("private").build()).path("linux").path("namespaces")
                .findValuesAsText("type").contains("cgroup"));
        assertFalse(spec(TestHostConfig.builder().cgroupnsMode("host").build()).path("linux").path("namespaces")
                .findValuesAsText("type").contains("cgroup"));
        assertThrows(InvalidParameterException.class, () -> spec(TestHostConfig.builder().cgroupnsMode("shared").build()));
    }

    @Test
    void theDaemonsCgroupParentIsJoinedWithTheIdAsDockerdJoinsIt() {
        assertEquals("/ops/" + ID, SpecGenerator.cgroupsPath("/ops", ID));
        assertEquals("/ops/" + ID, SpecGenerator.cgroupsPath("/ops/", ID));
        assertEquals("ops/batch/" + ID, SpecGenerator.cgroupsPath("ops/batch", ID));
        JsonNode s = new SpecGenerator(new SpecSettings("/ops", List.of(), true, new Capabilities(40)))
                .generate(ID, ContainerSpec.ofCmd(List.of("true")), image(List.of(), List.of("sh"), List.of()), FILES);
        assertEquals("/ops/" + ID, s.path("linux").path("cgroupsPath").asText());
        HostConfig own = HostConfig.zero().toBuilder().resources(HostConfig.zero().resources().toBuilder()
                .cgroupParent("/mine").build()).build();
        assertEquals("/mine/" + ID, spec(own).path("linux").path("cgroupsPath").asText(), "the container's own wins");
    }

    @Test
    void theDaemonsInitIsForContainersThatSayNothingAndHaveTheirOwnPidNamespace() {
        SpecSettings withInit = new SpecSettings("/linnet", List.of(), true, new Capabilities(40),
                java.nio.file.Path.of("/usr/bin/tini-static"), false, new SystemPaths("", path -> false), true);
        SpecGenerator g = new SpecGenerator(withInit);
        java.util.function.Function<HostConfig, List<String>> args = host -> strings(g.generate(ID,
                ContainerSpec.ofCmd(List.of("true")).withHostConfig(host), image(List.of(), List.of("sh"), List.of()),
                FILES).path("process").path("args"));
        assertEquals(List.of(SpecGenerator.INIT_PATH, "--", "true"), args.apply(TestHostConfig.builder().build()));
        assertEquals(List.of("true"), args.apply(TestHostConfig.builder().init(false).build()));
        assertEquals(List.of("true"), args.apply(TestHostConfig.builder().pidMode("host").build()));
    }
}
