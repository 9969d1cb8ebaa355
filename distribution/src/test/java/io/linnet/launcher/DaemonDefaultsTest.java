package io.linnet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dockerd's daemon-wide container defaults, from flags or daemon.json, and dockerd's refusals. */
class DaemonDefaultsTest {

    private static DaemonOptions flags(String... args) {
        return DaemonOptions.merge(CommandLine.parse(args), Map.of());
    }

    private static DaemonOptions file(String json) {
        return DaemonOptions.merge(Map.of(), DaemonConfigFile.parse(json, "daemon.json"));
    }

    private static String refusedFlags(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> flags(args)).getMessage();
    }

    private static String refusedFile(String json) {
        return assertThrows(IllegalArgumentException.class, () -> file(json)).getMessage();
    }

    @Test
    void withoutSettingsTheDefaultsAreAStockDockerds() {
        DaemonOptions o = flags();
        DaemonDefaults d = o.defaults();
        assertEquals("json-file", d.logDriver());
        assertEquals(Map.of(), d.logOpts());
        assertEquals(List.of(), d.ulimits());
        assertEquals(64L << 20, d.shmSize());
        assertEquals("", d.cgroupnsMode(), "the host's: private on cgroup v2, host on v1");
        assertEquals("runc", d.defaultRuntime());
        assertEquals(Map.of(), d.runtimes());
        assertEquals(List.of(), d.dns());
        assertFalse(o.liveRestore(), "dockerd stops containers at shutdown unless live-restore is on");
    }

    @Test
    void flagsSetEveryDefault() {
        DaemonOptions o = flags("--log-driver", "local", "--log-opt", "max-size=10m", "--log-opt=max-file=3",
                "--default-ulimit", "nofile=1024:2048", "--default-ulimit", "nproc=100", "--default-shm-size", "128M",
                "--default-cgroupns-mode", "private", "--add-runtime", "crun=/usr/bin/crun", "--default-runtime",
                "crun", "--dns", "10.0.0.53", "--dns", "2001:db8::1", "--dns-opt", "ndots:2", "--dns-search",
                "example.com", "--live-restore");
        DaemonDefaults d = o.defaults();
        assertEquals("local", d.logDriver());
        assertEquals(Map.of("max-size", "10m", "max-file", "3"), d.logOpts());
        assertEquals(List.of("nofile=1024:2048", "nproc=100:100"), d.ulimits());
        assertEquals(128L << 20, d.shmSize());
        assertEquals("private", d.cgroupnsMode());
        assertEquals(Map.of("crun", "/usr/bin/crun"), d.runtimes());
        assertEquals("crun", d.defaultRuntime());
        assertEquals(List.of("10.0.0.53", "2001:db8::1"), d.dns());
        assertEquals(List.of("ndots:2"), d.dnsOptions());
        assertEquals(List.of("example.com"), d.dnsSearch());
        assertTrue(o.liveRestore());
    }

    @Test
    void daemonJsonSetsEveryDefaultWithDockerdsShapes() {
        DaemonOptions o = file("""
                {"log-driver": "json-file", "log-opts": {"max-size": "1m", "labels": "a,b"},
                 "default-ulimits": {"nofile": {"Name": "nofile", "Hard": 2048, "Soft": 1024}},
                 "default-shm-size": "1g", "default-cgroupns-mode": "host",
                 "runtimes": {"crun": {"path": "crun"}}, "default-runtime": "runc",
                 "dns": ["1.1.1.1"], "dns-opts": ["use-vc"], "dns-search": ["a.example", "."],
                 "live-restore": true, "shutdown-timeout": 3}
                """);
        DaemonDefaults d = o.defaults();
        assertEquals(Map.of("max-size", "1m", "labels", "a,b"), d.logOpts());
        assertEquals(List.of("nofile=1024:2048"), d.ulimits());
        assertEquals(1L << 30, d.shmSize());
        assertEquals("host", d.cgroupnsMode());
        assertEquals(Map.of("crun", "crun"), d.runtimes());
        assertEquals(List.of("1.1.1.1"), d.dns());
        assertEquals(List.of("a.example", "."), d.dnsSearch());
        assertTrue(o.liveRestore());
        assertEquals(3, o.shutdownTimeout());
    }

    @Test
    void whatDockerdRefusesIsRefusedWithItsWords() {
        assertEquals("failed to start daemon: failed to set log opts: logger: no log driver named 'syslog' is "
                + "registered", refusedFlags("--log-driver", "syslog"));
        assertEquals("failed to start daemon: failed to set log opts: unknown log opt 'foo' for json-file log driver",
                refusedFlags("--log-opt", "foo=bar"));
        assertEquals("failed to start daemon: failed to set log opts: unknown log opt 'max-size' for none log driver",
                refusedFlags("--log-driver", "none", "--log-opt", "max-size=1m"));
        assertEquals("invalid ulimit type: nofiles", refusedFlags("--default-ulimit", "nofiles=1"));
        assertEquals("ulimit soft limit must be less than or equal to hard limit: 2048 > 1024",
                refusedFlags("--default-ulimit", "nofile=2048:1024"));
        assertEquals("invalid size: 'lots'", refusedFlags("--default-shm-size", "lots"));
        assertEquals("default cgroup namespace mode (shared) is invalid; use \"host\" or \"private\"",
                refusedFlags("--default-cgroupns-mode", "shared"));
        assertEquals("runtime name 'runc' is reserved", refusedFlags("--add-runtime", "runc=/usr/bin/crun"));
        assertEquals("specified default runtime 'crun' does not exist", refusedFlags("--default-runtime", "crun"));
        assertEquals("IP address is not correctly formatted: dns.example", refusedFlags("--dns", "dns.example"));
        assertEquals("IP address is not correctly formatted: 1.2.3.400", refusedFlags("--dns", "1.2.3.400"));
        assertEquals("bad$domain is not a valid domain", refusedFlags("--dns-search", "bad$domain"));
        assertTrue(refusedFile("{\"runtimes\": {\"crun\": {\"path\": \"crun\", \"runtimeArgs\": [\"--debug\"]}}}")
                .contains("runtimeArgs and runtimeType are not supported"));
    }

    @Test
    void fileErrorsCarryDockerdsPrefixAndConflictsAreNamed(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("daemon.json"), "{\"live-restore\": true, \"dns\": [\"1.1.1.1\"]}");
        String conflict = assertThrows(IllegalArgumentException.class, () -> DaemonConfigFile.load(json, true,
                CommandLine.parse(new String[] {"--live-restore", "--dns", "8.8.8.8"}))).getMessage();
        assertEquals("unable to configure the Docker daemon with file " + json + ": the following directives are "
                + "specified both as a flag and in the configuration file: dns: (from flag: [8.8.8.8], from file: "
                + "[1.1.1.1]), live-restore: (from flag: true, from file: true)", conflict);
        Files.writeString(json, "{\"log-driver\": \"json-file\", \"no-such\": 1, \"also-not\": 2}");
        assertEquals("unable to configure the Docker daemon with file " + json + ": the following directives don't "
                + "match any configuration option: also-not, no-such", assertThrows(IllegalArgumentException.class,
                        () -> DaemonConfigFile.load(json, true, Map.of())).getMessage());
        Path missing = dir.resolve("missing.json");
        assertEquals("unable to configure the Docker daemon with file " + missing + ": open " + missing
                + ": no such file or directory", assertThrows(IllegalArgumentException.class,
                        () -> DaemonConfigFile.load(missing, true, Map.of())).getMessage());
    }

    @Test
    void runtimesFromFlagsAndFileAreMergedAsDockerdMergesThem() {
        DaemonOptions o = DaemonOptions.merge(CommandLine.parse(new String[] {"--add-runtime", "crun=/usr/bin/crun"}),
                DaemonConfigFile.parse("{\"runtimes\": {\"youki\": {\"path\": \"/usr/bin/youki\"}}}", "daemon.json"));
        assertEquals(Map.of("crun", "/usr/bin/crun", "youki", "/usr/bin/youki"), o.defaults().runtimes());
    }

    @Test
    void cgroupParentInitAndExperimentalAsDockerdTakesThem() {
        DaemonOptions o = flags("--cgroup-parent", "/ops", "--init", "--init-path", "/usr/bin/tini-static",
                "--experimental", "--exec-opt", "native.cgroupdriver=cgroupfs", "-G", "staff");
        assertEquals("/ops", o.defaults().cgroupParent());
        assertTrue(o.defaults().init());
        assertEquals("/usr/bin/tini-static", o.defaults().initPath());
        assertTrue(o.experimental());
        assertEquals("staff", o.group());
        DaemonOptions f = file("{\"cgroup-parent\": \"ops\", \"init\": true, \"group\": \"0\", \"experimental\": true,"
                + " \"exec-opts\": [\"native.cgroupdriver=cgroupfs\"]}");
        assertEquals("ops", f.defaults().cgroupParent());
        assertTrue(f.defaults().init());
        assertEquals("0", f.group());
        assertEquals(SocketGroup.DEFAULT, flags().group());
        assertFalse(flags().experimental());
    }

    @Test
    void aCgroupDriverOtherThanCgroupfsIsRefused() {
        assertEquals("native.cgroupdriver option systemd is not supported by linnetd: containers' cgroups are managed "
                + "with the cgroupfs driver", refusedFile("{\"exec-opts\": [\"native.cgroupdriver=systemd\"]}"));
        assertEquals("native.cgroupdriver option none is internally used and cannot be specified manually",
                refusedFlags("--exec-opt", "native.cgroupdriver=none"));
        assertEquals("native.cgroupdriver option foo not supported",
                refusedFlags("--exec-opt", "native.cgroupdriver=foo"));
    }
}
