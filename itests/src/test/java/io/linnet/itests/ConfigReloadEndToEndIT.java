package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * SIGHUP reloads daemon.json as dockerd does: the live settings (registry mirrors, insecure registries,
 * debug, labels, download attempts, runtimes and the default runtime, default cgroupns mode, live-restore,
 * shutdown-timeout...) change in place with a {@code reload} daemon event, seen by the next container, docker
 * info and the next stop; running containers and the daemon's process stay; a file that does not load is
 * refused, logged, and the running configuration stays.
 */
@WithLinnet(removeContainers = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigReloadEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    private static Path configFile() {
        return daemon.root.resolve("daemon.json");
    }

    private static void hangUp() throws Exception {
        Commands.run("kill", "-HUP", Long.toString(daemon.pid())).assertSuccess();
    }

    /** The daemon events since {@code since}, waiting up to 10 s for at least {@code count}. */
    private static List<JsonNode> daemonEvents(long since, int count) throws Exception {
        List<JsonNode> events = List.of();
        for (int i = 0; i < 50 && events.size() < count; i++) {
            Thread.sleep(200);
            String out = daemon.docker("events", "--since", Long.toString(since), "--until",
                    Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "type=daemon", "--format",
                    "{{json .}}").assertSuccess().stdout();
            events = Commands.lines(out).stream().map(ConfigReloadEndToEndIT::parse).toList();
        }
        return events;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }

    private static long refusals() throws Exception {
        return daemon.logText().lines().filter(l -> l.contains("Error reloading the configuration")).count();
    }

    private static String mirrors() throws Exception {
        return daemon.docker("info", "--format", "{{json .RegistryConfig.Mirrors}}").assertSuccess().stdout().trim();
    }

    @Test
    @Order(1)
    void sighupReloadsMirrorsDebugAndLabelsWithoutRestartingContainers() throws Exception {
        String id = daemon.docker("run", "-d", "--name", "survivor", "busybox", "sleep", "300").assertSuccess()
                .stdout().trim();
        String pidBefore = daemon.docker("inspect", "-f", "{{.State.Pid}}", id).assertSuccess().stdout().trim();
        assertEquals("[]", mirrors());

        long since = Instant.now().getEpochSecond();
        Files.writeString(configFile(), """
                {"registry-mirrors": ["https://mirror.example.com"], "insecure-registries": ["10.20.0.0/16"],
                 "debug": true, "labels": ["site=lab"], "max-download-attempts": 2}
                """);
        hangUp();
        List<JsonNode> events = daemonEvents(since, 1);
        assertEquals(1, events.size(), events.toString());
        JsonNode reload = events.get(0);
        assertEquals("reload", reload.path("Action").asText());
        JsonNode attributes = reload.path("Actor").path("Attributes");
        assertEquals("[\"https://mirror.example.com/\"]", attributes.path("registry-mirrors").asText());
        assertEquals("[\"10.20.0.0/16\"]", attributes.path("insecure-registries").asText());
        assertEquals("true", attributes.path("debug").asText());
        assertEquals("[\"site=lab\"]", attributes.path("labels").asText());
        assertEquals("2", attributes.path("max-download-attempts").asText());
        String engineId = daemon.docker("info", "--format", "{{.ID}}").assertSuccess().stdout().trim();
        assertEquals(engineId, reload.path("Actor").path("ID").asText());

        assertEquals("[\"https://mirror.example.com/\"]", mirrors());
        assertEquals("true [site=lab]", daemon.docker("info", "--format", "{{.Debug}} {{.Labels}}").assertSuccess()
                .stdout().trim());
        String cidrs = daemon.docker("info", "--format", "{{json .RegistryConfig.InsecureRegistryCIDRs}}")
                .assertSuccess().stdout();
        assertTrue(cidrs.contains("10.20.0.0/16"), cidrs);
        // the container ran on untouched, in the same process, under the same daemon
        assertEquals("true " + pidBefore, daemon.docker("inspect", "-f", "{{.State.Running}} {{.State.Pid}}", id)
                .assertSuccess().stdout().trim());
        assertTrue(daemon.process().isAlive());
    }

    @Test
    @Order(2)
    void aFileThatDoesNotLoadIsRefusedAndTheRunningConfigurationStays() throws Exception {
        long since = Instant.now().getEpochSecond();
        int refused = 0;
        for (String broken : List.of("{\"registry-mirrors\": [\"https://other.example.com\"", // cut short
                "{\"registry-mirrors\": [\"https://other.example.com\"], \"no-such-option\": true}",
                "{\"registry-mirrors\": [\"ftp://other.example.com\"]}")) {
            Files.writeString(configFile(), broken);
            hangUp();
            // the next file is written only once this one is read: a file read while being rewritten is
            // another (empty) file
            refused++;
            for (int i = 0; i < 100 && refusals() < refused; i++) {
                Thread.sleep(100);
            }
            assertEquals(refused, refusals(), daemon.logText());
        }
        Thread.sleep(3000); // FileInstall would have passed a change on by now
        assertEquals(List.of(), daemonEvents(since, 0), "no reload event for refused files");
        assertEquals("[\"https://mirror.example.com/\"]", mirrors());
        String log = daemon.logText();
        assertTrue(log.contains("Error reloading the configuration"), log);
        assertTrue(log.contains("the following directives don't match any configuration option: no-such-option"), log);
        assertTrue(log.contains("invalid mirror: unsupported scheme \"ftp\""), log);
        assertEquals("true", daemon.docker("inspect", "-f", "{{.State.Running}}", "survivor").assertSuccess()
                .stdout().trim());
        daemon.docker("rm", "-f", "survivor").assertSuccess();
    }

    /** A runtime that logs its calls, then runs runc. */
    private static Path loggedRuntime(Path dir, Path callLog) throws Exception {
        Path runc = java.util.stream.Stream.of("/usr/sbin/runc", "/usr/bin/runc").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElseThrow();
        Path logged = Files.writeString(dir.resolve("logged-runc"),
                "#!/bin/sh\necho \"$@\" >> " + callLog + "\nexec " + runc + " \"$@\"\n");
        Files.setPosixFilePermissions(logged, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return logged;
    }

    private static JsonNode info(LinnetDaemon d) throws Exception {
        return JSON.readTree(d.docker("info", "--format", "{{json .}}").assertSuccess().stdout());
    }

    /** Refusals in the log reach {@code count} (each SIGHUP is read once before the next file is written). */
    private static void awaitRefusals(long count) throws Exception {
        for (int i = 0; i < 100 && refusals() < count; i++) {
            Thread.sleep(100);
        }
        assertEquals(count, refusals(), daemon.logText());
    }

    @Test
    @Order(3)
    void sighupReloadsTheRuntimeTableForTheNextContainerAndDockerInfo() throws Exception {
        String before = daemon.docker("run", "-d", "--name", "on-runc", "busybox", "sleep", "300").assertSuccess()
                .stdout().trim();
        String pidBefore = daemon.docker("inspect", "-f", "{{.State.Pid}}", before).assertSuccess().stdout().trim();
        JsonNode info = info(daemon);
        assertEquals("runc", info.path("DefaultRuntime").asText());
        assertFalse(info.path("SecurityOptions").toString().contains("name=cgroupns"), info.toString());
        Path calls = daemon.root.resolve("runtime-calls.log");
        Path logged = loggedRuntime(daemon.root, calls);

        long since = Instant.now().getEpochSecond();
        Files.writeString(configFile(), """
                {"runtimes": {"logged": {"path": "%s"}}, "default-runtime": "logged",
                 "default-cgroupns-mode": "private", "shutdown-timeout": 9}
                """.formatted(logged));
        hangUp();
        List<JsonNode> events = daemonEvents(since, 1);
        assertEquals(1, events.size(), events.toString());
        JsonNode attributes = events.get(0).path("Actor").path("Attributes");
        assertEquals("io.containerd.runc.v2:runc runc:runc logged:" + logged, attributes.path("runtimes").asText());
        assertEquals("logged", attributes.path("default-runtime").asText());
        assertEquals("private", attributes.path("default-cgroupns-mode").asText());
        assertEquals("9", attributes.path("shutdown-timeout").asText());
        // left out of the new file: kept, as dockerd keeps them
        assertEquals("true", attributes.path("debug").asText());
        assertEquals("[\"https://mirror.example.com/\"]", attributes.path("registry-mirrors").asText());

        info = info(daemon);
        assertEquals("logged", info.path("DefaultRuntime").asText());
        assertEquals(logged.toString(), info.path("Runtimes").path("logged").path("path").asText(), info.toString());
        assertEquals("runc", info.path("Runtimes").path("runc").path("path").asText());
        assertEquals("[\"name=seccomp,profile=builtin\",\"name=cgroupns\"]", info.path("SecurityOptions").toString());
        // docker-py reads the same
        Commands.Result py = DockerCli.at("unix://" + daemon.socket).run("python3", "-c", String.join("\n",
                "import docker", "i = docker.from_env().info()",
                "print(i['DefaultRuntime'], sorted(i['Runtimes']), i['LiveRestoreEnabled'], i['SecurityOptions'])"));
        assertEquals("logged ['io.containerd.runc.v2', 'logged', 'runc'] False "
                + "['name=seccomp,profile=builtin', 'name=cgroupns']", py.assertSuccess().stdout().trim());

        // the next container runs on the new default runtime, in a private cgroup namespace
        assertEquals("hi\n", daemon.docker("run", "--rm", "busybox", "echo", "hi").assertSuccess().stdout());
        assertTrue(Files.readString(calls).contains("create"), "the shim ran the reloaded default runtime");
        daemon.docker("create", "--name", "on-logged", "busybox").assertSuccess();
        assertEquals("logged private", daemon.docker("inspect", "-f",
                "{{.HostConfig.Runtime}} {{.HostConfig.CgroupnsMode}}", "on-logged").assertSuccess().stdout().trim());
        // the running container was not touched
        assertEquals("true " + pidBefore + " runc", daemon.docker("inspect", "-f",
                "{{.State.Running}} {{.State.Pid}} {{.HostConfig.Runtime}}", before).assertSuccess().stdout().trim());

        // a default runtime that is not configured is refused whole: the running table stays
        long refused = refusals();
        Files.writeString(configFile(), "{\"runtimes\": {}, \"default-runtime\": \"gone\"}");
        hangUp();
        awaitRefusals(refused + 1);
        assertTrue(daemon.logText().contains("specified default runtime 'gone' does not exist"), daemon.logText());
        assertEquals("logged", info(daemon).path("DefaultRuntime").asText());

        // runc alone again: the removed runtime is refused to the next container, as an unknown one
        since = Instant.now().getEpochSecond();
        Files.writeString(configFile(), "{\"runtimes\": {}, \"default-runtime\": \"runc\"}");
        hangUp();
        assertEquals(1, daemonEvents(since, 1).size());
        Commands.Result unknown = daemon.docker("run", "--rm", "--runtime", "logged", "busybox", "true");
        assertEquals(125, unknown.exitCode(), unknown.stdout());
        assertTrue(unknown.stderr().contains("unknown or invalid runtime name: logged"), unknown.stderr());
        assertEquals("runc", info(daemon).path("DefaultRuntime").asText());
        daemon.docker("rm", "-f", "on-runc", "on-logged").assertSuccess();
    }

    @Test
    @Order(4)
    void theNextStopHonoursAReloadedLiveRestoreAndShutdownTimeout() throws Exception {
        LinnetDaemon first = LinnetDaemon.start();
        Path root = first.root;
        ProcessHandle task;
        try {
            first.loadBusybox(Files.createDirectories(root.resolve("images")), "reload-stop");
            // sleep as PID 1 ignores SIGTERM: only a kill after its stop timeout ends it
            first.docker("run", "-d", "--name", "kept", "--network", "none", "--stop-timeout", "1", "busybox",
                    "sleep", "300").assertSuccess();
            task = ProcessHandle.of(Long.parseLong(first.docker("inspect", "-f", "{{.State.Pid}}", "kept")
                    .assertSuccess().stdout().trim())).orElseThrow();
            assertFalse(info(first).path("LiveRestoreEnabled").asBoolean(true));
            Files.writeString(root.resolve("daemon.json"), "{\"live-restore\": true}");
            Commands.run("kill", "-HUP", Long.toString(first.pid())).assertSuccess();
            for (int i = 0; i < 50 && !info(first).path("LiveRestoreEnabled").asBoolean(); i++) {
                Thread.sleep(200);
            }
            assertTrue(info(first).path("LiveRestoreEnabled").asBoolean(), first.logText());
            assertEquals(0, first.terminate(), first.logText());
            assertTrue(task.isAlive(), "live-restore, reloaded on, keeps the container through the stop");
            assertFalse(first.logText().contains("running container(s)"), first.logText());
        } finally {
            first.close();
        }
        // the next daemon starts with live-restore on, then a reload turns it off and shortens the shutdown bound
        Path liveRestore = Files.writeString(root.resolve("live-restore.json"), "{\"live-restore\": true}");
        LinnetDaemon second = LinnetDaemon.startIn(root, "--config-file", liveRestore.toString());
        try {
            assertEquals("true " + task.pid(), second.docker("inspect", "-f", "{{.State.Running}} {{.State.Pid}}",
                    "kept").assertSuccess().stdout().trim());
            assertTrue(info(second).path("LiveRestoreEnabled").asBoolean());
            Files.writeString(liveRestore, "{\"live-restore\": false, \"shutdown-timeout\": 27}");
            Commands.run("kill", "-HUP", Long.toString(second.pid())).assertSuccess();
            for (int i = 0; i < 50 && info(second).path("LiveRestoreEnabled").asBoolean(); i++) {
                Thread.sleep(200);
            }
            assertFalse(info(second).path("LiveRestoreEnabled").asBoolean(true), second.logText());
            assertEquals(0, second.terminate(), second.logText());
            assertFalse(task.isAlive(), "live-restore, reloaded off: the stop stopped the container");
            // dockerd's bound: the reloaded shutdown-timeout, as it is longer than the stop timeout and its grace
            assertTrue(second.logText().contains("stopping 1 running container(s) (live-restore is off), waiting at "
                    + "most 27 s"), second.logText());
        } finally {
            second.close();
            task.destroyForcibly();
            second.strays().forEach(ProcessHandle::destroyForcibly);
            second.deleteRoot();
        }
    }
}
