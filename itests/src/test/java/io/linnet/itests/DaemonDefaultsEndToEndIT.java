package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * dockerd's daemon-wide defaults from a daemon.json, as an operator moving from dockerd writes it: each is in a
 * new container's inspect where dockerd shows it, applied inside the container, and told by docker info; a
 * container's own setting wins. cgroup-parent, init and init-path, the socket's group and experimental are the
 * daemon's too, and a cgroup driver or socket group Linnet cannot use is refused at start. Without live-restore, SIGTERM stops the running containers within the shutdown
 * timeout and the next daemon starts those whose restart policy wants them.
 */
@WithLinnet(argsFrom = "defaultsConfig")
class DaemonDefaultsEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path work;
    private static Path runtimeLog;

    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    /** The daemon.json: every default, crun, and a runtime that logs its calls before it runs runc. */
    static List<String> defaultsConfig() throws Exception {
        work = Files.createTempDirectory(Path.of("/tmp"), "linnet-e2e-defaults-");
        runtimeLog = work.resolve("runtime.log");
        Path runc = java.util.stream.Stream.of("/usr/sbin/runc", "/usr/bin/runc").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElseThrow();
        Path logged = Files.writeString(work.resolve("logged-runc"),
                "#!/bin/sh\necho \"$@\" >> " + runtimeLog + "\nexec " + runc + " \"$@\"\n");
        Files.setPosixFilePermissions(logged, PosixFilePermissions.fromString("rwx------"));
        Path config = Files.writeString(work.resolve("daemon.json"), """
                {"log-driver": "local", "log-opts": {"max-size": "1k", "max-file": "2"},
                 "default-ulimits": {"nofile": {"Name": "nofile", "Soft": 1024, "Hard": 2048}},
                 "dns": ["10.0.0.53"], "dns-opts": ["ndots:3"], "dns-search": ["lab.example"],
                 "default-shm-size": "96M", "default-cgroupns-mode": "private",
                 "runtimes": {"crun": {"path": "/usr/bin/crun"}, "logged": {"path": "%s"}},
                 "shutdown-timeout": 3}
                """.formatted(logged));
        return List.of("--config-file", config.toString());
    }

    /**
     * crun 1.8 refuses a host whose cgroup v2 hierarchy beside v1 holds controllers ("hybrid mode"), as
     * some hosts of this kind have (hugetlb there): then dockerd's containers on crun fail the same way.
     */
    private static boolean crunRefusesThisHost() throws Exception {
        Path unified = Path.of("/sys/fs/cgroup/unified/cgroup.controllers");
        return Files.isReadable(unified) && !Files.readString(unified).isBlank();
    }

    @AfterAll
    static void removeWork() throws Exception {
        if (work != null) {
            try (var paths = Files.walk(work)) {
                for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static JsonNode inspect(String container) throws Exception {
        return JSON.readTree(daemon.docker("inspect", container).assertSuccess().stdout()).get(0);
    }

    private static String run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("run", "--rm"));
        command.addAll(List.of(args));
        return daemon.docker(command.toArray(String[]::new)).assertSuccess().stdout();
    }

    @Test
    void dockerInfoTellsTheDefaults() throws Exception {
        JsonNode info = JSON.readTree(daemon.docker("info", "--format", "{{json .}}").assertSuccess().stdout());
        assertEquals("local", info.path("LoggingDriver").asText());
        assertEquals("runc", info.path("DefaultRuntime").asText());
        assertEquals("/usr/bin/crun", info.path("Runtimes").path("crun").path("path").asText(), info.toString());
        assertTrue(info.path("Runtimes").has("runc") && info.path("Runtimes").has("io.containerd.runc.v2"));
        assertFalse(info.path("LiveRestoreEnabled").asBoolean(true));
    }

    @Test
    void logDriverAndOptionsAreTheContainersAndRotate() throws Exception {
        daemon.docker("run", "--name", "chatty", "busybox", "sh", "-c",
                "i=0; while [ $i -lt 100 ]; do echo line-$i-0123456789; i=$((i+1)); done").assertSuccess();
        JsonNode log = inspect("chatty").path("HostConfig").path("LogConfig");
        assertEquals("local", log.path("Type").asText());
        assertEquals("1k", log.path("Config").path("max-size").asText());
        assertEquals("2", log.path("Config").path("max-file").asText());
        String id = inspect("chatty").path("Id").asText();
        try (var files = Files.list(daemon.dataRoot.resolve("containers").resolve(id))) {
            List<String> logs = files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".log")).sorted()
                    .toList();
            assertEquals(2, logs.size(), "max-file 2 keeps two files: " + logs);
        }
        String tail = daemon.docker("logs", "chatty").assertSuccess().stdout();
        assertTrue(tail.endsWith("line-99-0123456789\n") && tail.length() <= 2048, tail);
        // a container's own driver takes none of the daemon's options
        daemon.docker("create", "--name", "silent", "--log-driver", "none", "busybox").assertSuccess();
        assertEquals("{}", inspect("silent").path("HostConfig").path("LogConfig").path("Config").toString());
    }

    @Test
    void defaultUlimitsAreInTheSpecNotTheHostConfig() throws Exception {
        assertEquals("1024\n2048\n", run("busybox", "sh", "-c", "ulimit -Sn; ulimit -Hn"));
        assertEquals("512\n512\n", run("--ulimit", "nofile=512", "busybox", "sh", "-c", "ulimit -Sn; ulimit -Hn"));
        daemon.docker("create", "--name", "limited", "busybox").assertSuccess();
        assertFalse(inspect("limited").path("HostConfig").path("Ulimits").toString().contains("nofile"),
                "dockerd merges them into the spec only");
    }

    @Test
    void dnsDefaultsGoIntoResolvConfUnlessTheContainerSetsItsOwn() throws Exception {
        String resolv = run("busybox", "cat", "/etc/resolv.conf");
        assertTrue(resolv.contains("nameserver 10.0.0.53\n"), resolv);
        assertTrue(resolv.contains("search lab.example\n"), resolv);
        assertTrue(resolv.contains("options ndots:3\n"), resolv);
        String own = run("--dns", "10.9.9.9", "--dns-search", "own.example", "busybox", "cat", "/etc/resolv.conf");
        assertTrue(own.contains("nameserver 10.9.9.9\n") && !own.contains("10.0.0.53"), own);
        assertTrue(own.contains("search own.example\n") && !own.contains("lab.example"), own);
        daemon.docker("create", "--name", "resolver", "busybox").assertSuccess();
        assertEquals("[]", inspect("resolver").path("HostConfig").path("Dns").toString());
    }

    @Test
    void shmSizeAndCgroupNamespaceDefaultsAreStoredAndApplied() throws Exception {
        daemon.docker("create", "--name", "defaulted", "busybox").assertSuccess();
        JsonNode hc = inspect("defaulted").path("HostConfig");
        assertEquals(96L << 20, hc.path("ShmSize").asLong());
        assertEquals("private", hc.path("CgroupnsMode").asText());
        String shm = run("busybox", "grep", " /dev/shm ", "/proc/mounts");
        assertTrue(shm.contains("size=98304k"), shm);
        // a private cgroup namespace: the container's own cgroups are its root
        String cgroups = run("busybox", "cat", "/proc/self/cgroup");
        assertTrue(cgroups.lines().allMatch(l -> l.endsWith(":/")), cgroups);
        String host = run("--cgroupns", "host", "--shm-size", "8m", "busybox", "sh", "-c",
                "cat /proc/self/cgroup; grep ' /dev/shm ' /proc/mounts");
        assertTrue(host.lines().anyMatch(l -> l.contains(":/linnet/")), host);
        assertTrue(host.contains("size=8192k"), host);
    }

    @Test
    void configuredRuntimesRunContainersAndUnknownOnesAreRefused() throws Exception {
        if (crunRefusesThisHost()) {
            // crun's own refusal: the shim ran crun, not runc (runc runs containers on this host)
            Commands.Result crun = daemon.docker("run", "--rm", "--runtime", "crun", "busybox", "echo", "hi");
            assertEquals(125, crun.exitCode(), crun.stdout());
            assertTrue(crun.stderr().contains("cgroups in hybrid mode not supported"), crun.stderr());
        } else {
            assertEquals("hi from crun\n", run("--runtime", "crun", "busybox", "echo", "hi from crun"));
        }
        assertEquals("hi\n", run("--runtime", "logged", "busybox", "echo", "hi"));
        String calls = Files.readString(runtimeLog);
        assertTrue(calls.contains("create"), "the shim ran the configured binary: " + calls);
        daemon.docker("create", "--name", "on-crun", "--runtime", "crun", "busybox").assertSuccess();
        assertEquals("crun", inspect("on-crun").path("HostConfig").path("Runtime").asText());
        daemon.docker("create", "--name", "on-default", "busybox").assertSuccess();
        assertEquals("runc", inspect("on-default").path("HostConfig").path("Runtime").asText());
        Commands.Result unknown = daemon.docker("run", "--rm", "--runtime", "nope", "busybox", "true");
        assertEquals(125, unknown.exitCode());
        assertTrue(unknown.stderr().contains("Error response from daemon: unknown or invalid runtime name: nope"),
                unknown.stderr());
        UnixHttp.Reply api = daemon.http().send("POST", "/v1.43/containers/create",
                "{\"Image\":\"busybox\",\"HostConfig\":{\"Runtime\":\"nope\"}}");
        assertEquals(400, api.status(), api.body());
        assertEquals("{\"message\":\"unknown or invalid runtime name: nope\"}", api.body().trim());
    }

    @Test
    void withoutLiveRestoreSigtermStopsContainersAndTheNextDaemonStartsThemByPolicy() throws Exception {
        // its own daemon beside the class's idle one, with the same daemon.json; containers without a network
        String[] args = {"--config-file", work.resolve("daemon.json").toString()};
        LinnetDaemon first = LinnetDaemon.start(args);
        Path root = first.root;
        List<ProcessHandle> tasks = new ArrayList<>();
        try {
            first.loadBusybox(Files.createDirectories(root.resolve("images")), "defaults-shutdown");
            // sleep as PID 1 ignores SIGTERM: killed after its stop timeout
            first.docker("run", "-d", "--name", "always", "--network", "none", "--restart", "always", "--stop-timeout", "2", "busybox",
                    "sleep", "300").assertSuccess();
            first.docker("run", "-d", "--name", "unless", "--network", "none", "--restart", "unless-stopped", "--stop-timeout", "2",
                    "busybox", "sleep", "300").assertSuccess();
            first.docker("run", "-d", "--name", "plain", "--network", "none", "--stop-timeout", "2", "busybox", "sh", "-c",
                    "trap 'exit 0' TERM; while true; do sleep 0.1; done").assertSuccess();
            for (String name : List.of("always", "unless", "plain")) {
                long pid = Long.parseLong(first.docker("inspect", "-f", "{{.State.Pid}}", name).assertSuccess()
                        .stdout().trim());
                tasks.add(ProcessHandle.of(pid).orElseThrow());
            }
            long start = System.nanoTime();
            assertEquals(0, first.terminate(), first.logText());
            long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("daemon with 3 running containers stopped " + stopMs + " ms after SIGTERM");
            // dockerd's bound: shutdown-timeout 3 s, or the longest stop timeout (2 s) + 5 s
            assertTrue(stopMs < 7_000 + 3_000, "stopped within the shutdown timeout (and 3 s to stop the rest): "
                    + stopMs + " ms");
            tasks.forEach(t -> assertFalse(t.isAlive(), "a container outlived a daemon without live-restore"));
            // the stopped containers' networks were released: no namespace pin (nor rootfs) left mounted
            List<String> mounted = Files.readAllLines(Path.of("/proc/mounts")).stream()
                    .filter(line -> line.contains(" " + root + "/")).toList();
            assertEquals(List.of(), mounted, "mounts a stopped daemon left on the host");
            assertTrue(first.logText().contains("stopping 3 running container(s)"), first.logText());
        } finally {
            first.close();
            tasks.forEach(ProcessHandle::destroyForcibly);
        }
        LinnetDaemon second = LinnetDaemon.startIn(root, args);
        try {
            long deadline = System.currentTimeMillis() + 20_000;
            String states = "";
            while (System.currentTimeMillis() < deadline
                    && !states.equals("always true|plain false 0|unless true|")) {
                states = second.docker("ps", "-a", "--format", "{{.Names}}").assertSuccess().stdout().lines()
                        .sorted().map(name -> {
                            try {
                                return name + " " + second.docker("inspect", "-f", name.equals("plain")
                                        ? "{{.State.Running}} {{.State.ExitCode}}" : "{{.State.Running}}", name)
                                        .assertSuccess().stdout().trim() + "|";
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        }).reduce("", String::concat);
                Thread.sleep(200);
            }
            assertEquals("always true|plain false 0|unless true|", states,
                    "the daemon's stop is no user's stop: policies bring always and unless-stopped back");
        } finally {
            second.removeAllContainers();
            second.close();
            second.strays().forEach(ProcessHandle::destroyForcibly);
            second.deleteRoot();
        }
    }

    @Test
    void cgroupParentInitSocketGroupAndExperimentalAreTheDaemons() throws Exception {
        // the daemon's init-path: Debian's static tini, as docker.io's docker-init is
        Path init = java.util.stream.Stream.of("/usr/bin/tini-static", "/usr/bin/docker-init").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElseThrow();
        Path config = Files.writeString(work.resolve("operator.json"), """
                {"cgroup-parent": "/linnet-ops", "init": true, "init-path": "%s",
                 "exec-opts": ["native.cgroupdriver=cgroupfs"], "group": "daemon", "experimental": true}
                """.formatted(init));
        LinnetDaemon d = LinnetDaemon.start("--config-file", config.toString());
        try {
            d.loadBusybox(Files.createDirectories(d.root.resolve("images")), "operator-defaults");
            // init: PID 1 is the daemon's init unless the container says --init=false
            assertTrue(d.docker("run", "--rm", "busybox", "cat", "/proc/1/cmdline").assertSuccess().stdout()
                    .startsWith("/sbin/docker-init\0--\0cat\0"));
            assertEquals("cat\0/proc/1/cmdline\0", d.docker("run", "--rm", "--init=false", "busybox", "cat",
                    "/proc/1/cmdline").assertSuccess().stdout());
            // cgroup-parent: each container's cgroup is under it (seen from the host's cgroup namespace)
            String id = d.docker("run", "-d", "--cgroupns", "host", "busybox", "sleep", "30").assertSuccess().stdout()
                    .trim();
            String cgroups = d.docker("exec", id, "cat", "/proc/self/cgroup").assertSuccess().stdout();
            assertTrue(cgroups.contains(":/linnet-ops/" + id), cgroups);
            d.docker("rm", "-f", id).assertSuccess();
            // group: the API socket's, once the API listens
            String group = "";
            for (int i = 0; i < 50 && !group.equals("daemon"); i++) {
                group = ((java.nio.file.attribute.GroupPrincipal) Files.getAttribute(d.socket, "posix:group")).getName();
                Thread.sleep(100);
            }
            assertEquals("daemon", group);
            // experimental: docker info, docker version and /_ping say so; info names the init binary
            JsonNode info = JSON.readTree(d.docker("info", "--format", "{{json .}}").assertSuccess().stdout());
            assertTrue(info.path("ExperimentalBuild").asBoolean(), info.toString());
            assertEquals(init.toString(), info.path("InitBinary").asText());
            assertEquals("true", d.docker("version", "--format", "{{.Server.Experimental}}").assertSuccess().stdout()
                    .trim());
            assertEquals("true", d.http().send("GET", "/_ping", null).header("Docker-Experimental"));
        } finally {
            d.removeAllContainers();
            d.close();
            d.strays().forEach(ProcessHandle::destroyForcibly);
            d.deleteRoot();
        }
    }

    @Test
    void aCgroupDriverOrSocketGroupLinnetCannotUseIsRefusedAtStart() throws Exception {
        Path empty = Files.writeString(work.resolve("empty.json"), "{}");
        Path linnetd = LinnetDaemon.home("linnet.distribution").resolve("bin/linnetd");
        Commands.Result systemd = Commands.run(linnetd.toString(), "--config-file", empty.toString(),
                "--exec-opt", "native.cgroupdriver=systemd");
        assertEquals(1, systemd.exitCode(), systemd.stdout());
        assertTrue((systemd.stdout() + systemd.stderr()).contains("native.cgroupdriver option systemd is not "
                + "supported by linnetd"), systemd.stdout() + systemd.stderr());
        Path root = Files.createTempDirectory(Path.of("/tmp"), "linnet-e2e-group-");
        try {
            Commands.Result group = Commands.run(linnetd.toString(), "--config-file", empty.toString(), "-G",
                    "no-such-group", "-H", "unix://" + root.resolve("s.sock"), "--data-root",
                    root.resolve("data").toString(), "--exec-root", root.resolve("exec").toString(), "--pidfile",
                    root.resolve("pid").toString());
            assertEquals(1, group.exitCode(), group.stdout());
            assertTrue((group.stdout() + group.stderr()).contains("failed to load listeners: group no-such-group "
                    + "not found"), group.stdout() + group.stderr());
        } finally {
            try (var paths = Files.walk(root)) {
                for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
