package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Healthchecks as dockerd runs them: State.Health, the ps Status and filter, health_status events. */
@WithLinnet
class HealthcheckEndToEndIT {
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    private static String inspect(String format, String name) throws Exception {
        return daemon.docker("inspect", "--format", format, name).assertSuccess().stdout().trim();
    }

    private static void await(String format, String name, String expected) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = inspect(format, name);
            if (last.equals(expected)) {
                return;
            }
            Thread.sleep(200);
        }
        assertEquals(expected, last, name);
    }

    private static String unix(Instant t) {
        return String.format("%d.%09d", t.getEpochSecond(), t.getNano());
    }

    @Test
    void aRestartedDaemonShowsTheHealthItKeptForARunningContainer() throws Exception {
        java.nio.file.Path root = Files.createTempDirectory(java.nio.file.Path.of("/tmp"), "linnet-e2e-health-");
        LinnetDaemon first = LinnetDaemon.startIn(root, "--live-restore"); // its container outlives it
        try {
            first.loadBusybox(Files.createTempDirectory(root, "img-"), "health-restart");
            first.docker("run", "-d", "--name", "kept", "--health-cmd", "true", "--health-interval", "3s",
                    "busybox", "sleep", "300").assertSuccess();
            long deadline = System.currentTimeMillis() + 20_000;
            while (!first.docker("inspect", "--format", "{{.State.Health.Status}}", "kept").stdout().trim()
                    .equals("healthy") && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(0, first.terminate(), first.logText());
        } finally {
            first.close();
        }
        try (LinnetDaemon second = LinnetDaemon.startIn(root)) {
            // at once, before the next probe (3 s away) could have run: the kept state, not "starting"
            assertEquals("healthy 0 logged", second.docker("inspect", "--format", "{{.State.Health.Status}} "
                    + "{{.State.Health.FailingStreak}} {{if .State.Health.Log}}logged{{end}}", "kept")
                    .assertSuccess().stdout().trim());
            second.removeAllContainers();
        }
    }

    @Test
    void turnsHealthyThenUnhealthyWithEventsFilterAndLog() throws Exception {
        Instant t0 = Instant.now();
        daemon.docker("run", "-d", "--name", "hc", "--health-cmd", "test -f /tmp/ok", "--health-interval", "1s",
                "--health-retries", "2", "busybox", "sh", "-c", "touch /tmp/ok; sleep 300").assertSuccess();
        daemon.docker("run", "-d", "--name", "hc-slow", "--health-cmd", "sleep 5", "--health-interval", "1s",
                "--health-timeout", "500ms", "--health-retries", "1", "busybox", "sleep", "300").assertSuccess();
        try {
            assertTrue(daemon.docker("ps", "--format", "{{.Names}} {{.Status}}", "--filter", "name=^hc$")
                    .assertSuccess().stdout().trim().matches("hc Up .* \\(health: starting\\)"));
            assertEquals("starting 0 []", inspect("{{.State.Health.Status}} {{.State.Health.FailingStreak}} "
                    + "{{json .State.Health.Log}}", "hc"));
            await("{{.State.Health.Status}}", "hc", "healthy");
            assertTrue(daemon.docker("ps", "--format", "{{.Status}}", "--filter", "name=^hc$").assertSuccess()
                    .stdout().trim().matches("Up .* \\(healthy\\)"));
            assertEquals("hc", daemon.docker("ps", "--format", "{{.Names}}", "--filter", "health=healthy")
                    .assertSuccess().stdout().trim());

            daemon.docker("exec", "hc", "rm", "/tmp/ok").assertSuccess();
            await("{{.State.Health.Status}} {{.State.Health.FailingStreak}}", "hc", "unhealthy 2");
            assertTrue(daemon.docker("ps", "--format", "{{.Status}}", "--filter", "name=^hc$").assertSuccess()
                    .stdout().trim().matches("Up .* \\(unhealthy\\)"));
            assertTrue(Commands.lines(daemon.docker("ps", "--format", "{{.Names}}", "--filter", "health=unhealthy")
                    .assertSuccess().stdout()).contains("hc"));
            assertEquals("", daemon.docker("ps", "-q", "--filter", "health=healthy").assertSuccess().stdout().trim());
            List<String> log = Commands.lines(inspect(
                    "{{range .State.Health.Log}}{{.ExitCode}}{{println}}{{end}}", "hc"));
            assertTrue(log.size() >= 3 && log.size() <= 5, log.toString());
            assertEquals("1", log.get(log.size() - 1));
            assertTrue(log.contains("0"), log.toString());
            assertTrue(inspect("{{(index .State.Health.Log 0).Start}}", "hc").matches("\\d{4}-\\d\\d-\\d\\d .*"));

            // a probe longer than its timeout is killed and counts as a failure
            await("{{.State.Health.Status}}", "hc-slow", "unhealthy");
            assertEquals("-1 Health check exceeded timeout (500ms)",
                    inspect("{{(index .State.Health.Log 0).ExitCode}} {{(index .State.Health.Log 0).Output}}", "hc-slow"));

            Instant t1 = Instant.now();
            List<String> events = Commands.lines(daemon.docker("events", "--since", unix(t0), "--until", unix(t1),
                    "--filter", "event=health_status", "--format", "{{.Action}} {{.Actor.Attributes.name}}")
                    .assertSuccess().stdout());
            assertEquals(List.of("health_status: healthy hc", "health_status: unhealthy hc",
                    "health_status: unhealthy hc-slow"), events.stream().sorted().toList());
        } finally {
            daemon.docker("rm", "-f", "hc", "hc-slow");
        }
    }

    @Test
    void theImagesHealthcheckIsMergedAndNoHealthcheckTurnsItOff() throws Exception {
        Path ctx = Files.createTempDirectory(daemon.root, "hc-build-");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nHEALTHCHECK --interval=1s --retries=1 CMD [\"true\"]\n");
        daemon.cli().build(ctx, "-q", "-t", "hc-image").assertSuccess();
        daemon.docker("run", "-d", "--name", "hc-img", "hc-image", "sleep", "300").assertSuccess();
        daemon.docker("run", "-d", "--name", "hc-off", "--no-healthcheck", "hc-image", "sleep", "300").assertSuccess();
        try {
            assertEquals("{\"Test\":[\"CMD\",\"true\"],\"Interval\":1000000000,\"Retries\":1}",
                    inspect("{{json .Config.Healthcheck}}", "hc-img"));
            await("{{.State.Health.Status}}", "hc-img", "healthy");
            Thread.sleep(1500);
            assertEquals("<nil>", inspect("{{.State.Health}}", "hc-off"));
            assertTrue(daemon.docker("ps", "--format", "{{.Status}}", "--filter", "name=hc-off").assertSuccess()
                    .stdout().trim().matches("Up [^(]*"));
            assertEquals("hc-off", daemon.docker("ps", "--format", "{{.Names}}", "--filter", "health=none",
                    "--filter", "name=hc-").assertSuccess().stdout().trim());
        } finally {
            daemon.docker("rm", "-f", "hc-img", "hc-off");
            daemon.docker("rmi", "hc-image");
        }
    }

    @Test
    void monitoringResumesAfterADaemonRestart() throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "linnet-e2e-health-");
        LinnetDaemon first = LinnetDaemon.startIn(root, "--live-restore"); // its container outlives it
        try {
            first.loadBusybox(Files.createTempDirectory(first.root, "health-"), "health-restart");
            first.docker("run", "-d", "--name", "hc-keep", "--health-cmd", "test -f /tmp/ok", "--health-interval", "1s",
                    "--health-retries", "1", "busybox", "sh", "-c", "touch /tmp/ok; sleep 300").assertSuccess();
            assertEquals(0, first.terminate(), first.logText());
        } finally {
            first.close();
        }
        try (LinnetDaemon second = LinnetDaemon.startIn(root)) {
            long deadline = System.currentTimeMillis() + 20_000;
            String status = "";
            while (System.currentTimeMillis() < deadline && !status.equals("true healthy")) {
                status = second.docker("inspect", "--format", "{{.State.Running}} {{if .State.Health}}"
                        + "{{.State.Health.Status}}{{end}}", "hc-keep").assertSuccess().stdout().trim();
                Thread.sleep(200);
            }
            assertEquals("true healthy", status, "the probe runs again for a container that kept running");
            second.docker("rm", "-f", "hc-keep").assertSuccess();
        }
    }
}
