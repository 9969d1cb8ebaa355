package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What real clients met that differed from dockerd (issue 17), each through the client that met it,
 * with dockerd 20.10's answer as the reference (checked side by side when this was written).
 */
@WithLinnet
class ClientParityEndToEndIT {
    @WithLinnet.Inject
    static LinnetDaemon daemon;

    @Test
    void aMissingOrNonExecutableCommandIsTheCallersErrorWithDockerdsExitCodes() throws Exception {
        Commands.Result missing = daemon.docker("run", "--name", "missing-cmd", "busybox", "nosuchcmd");
        assertEquals(127, missing.exitCode(), missing.stderr());
        assertTrue(missing.stderr().contains("exec: \"nosuchcmd\": executable file not found in $PATH"),
                missing.stderr());
        assertEquals("127 created", inspect("missing-cmd", "{{.State.ExitCode}} {{.State.Status}}"));

        Commands.Result notExecutable = daemon.docker("run", "--name", "not-executable", "busybox", "/etc/passwd");
        assertEquals(126, notExecutable.exitCode(), notExecutable.stderr());
        assertEquals("126", inspect("not-executable", "{{.State.ExitCode}}"));

        // the API's answer: 400 with runc's words, not a 500 and a stack trace
        Commands.Result start = daemon.curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                "http://x/containers/missing-cmd/start");
        assertEquals("400", start.stdout());
        assertFalse(daemon.logText().contains("unhandled error"), "no stack trace for a caller's error");
    }

    @Test
    void imageReferenceFiltersShowOnlyTheNamesTheyMatch() throws Exception {
        for (String name : List.of("pfx-one:1", "pfx-one:2", "pfx-two:2", "other:1")) {
            daemon.docker("tag", "busybox:latest", name).assertSuccess();
        }
        try {
            assertEquals(List.of("pfx-one:1", "pfx-one:2"), listed("reference=pfx-one"));
            assertEquals(List.of("pfx-one:1", "pfx-one:2", "pfx-two:2"), listed("reference=pfx-*"));
            assertEquals(List.of("pfx-one:2", "pfx-two:2"), listed("reference=pfx-*:2"));
            assertEquals(List.of(), listed("reference=nothing-*"));
        } finally {
            daemon.docker("rmi", "pfx-one:1", "pfx-one:2", "pfx-two:2", "other:1");
        }
    }

    @Test
    void aLabelFilterByKeyMatchesALabelWithAnEmptyValue() throws Exception {
        daemon.docker("create", "--label", "empty-valued", "--label", "set=1", "--name", "labelled", "busybox")
                .assertSuccess();
        daemon.docker("create", "--name", "unlabelled", "busybox").assertSuccess();
        assertEquals("labelled", daemon.docker("ps", "-a", "--filter", "label=empty-valued", "--format",
                "{{.Names}}").assertSuccess().stdout().trim());
        assertEquals("labelled", daemon.docker("ps", "-a", "--filter", "label=empty-valued=", "--format",
                "{{.Names}}").assertSuccess().stdout().trim());
        assertEquals("map[empty-valued: set:1]", inspect("labelled", "{{.Config.Labels}}"));
    }

    @Test
    void loadingWhatIsNotAnImageEndsTheStreamWithAnErrorThatDockerPyRaises(@TempDir Path work) throws Exception {
        Commands.Result http = daemon.curl("-w", "\n%{http_code}", "-X", "POST", "-H",
                "Content-Type: application/x-tar", "--data-binary", "not an image archive", "http://x/images/load");
        List<String> lines = Commands.lines(http.stdout());
        assertEquals("200", lines.get(lines.size() - 1), http.stdout());
        assertTrue(lines.get(lines.size() - 2).contains("\"errorDetail\":{\"message\":"), http.stdout());

        Path script = Files.writeString(work.resolve("load.py"), String.join("\n",
                "import docker",
                "client = docker.DockerClient(base_url='unix://" + daemon.socket + "')",
                "try:",
                "    client.images.load(b'not an image archive')",
                "    print('loaded')",
                "except docker.errors.ImageLoadError as e:",
                "    print('ImageLoadError')",
                ""));
        assertEquals("ImageLoadError", daemon.cli().run("python3", script.toString()).assertSuccess().stdout().trim());
    }

    @Test
    void systemPruneTakesTheLabelFiltersItPassesToEveryPrune() throws Exception {
        Commands.Result prune = daemon.docker("system", "prune", "-f", "--filter", "label=parity=none");
        assertEquals(0, prune.exitCode(), prune.stderr());
        assertTrue(prune.stdout().contains("Total reclaimed space"), prune.stdout());
    }

    @Test
    void aRunStepsStderrIsInTheBuildStreamColouredAsDockerdColoursIt(@TempDir Path context) throws Exception {
        Files.writeString(context.resolve("Dockerfile"),
                "FROM busybox\nRUN echo to-stderr >&2 && echo to-stdout\n");
        Commands.Result build = daemon.cli().build(context, "--network", "none", "-t", "parity-stderr");
        build.assertSuccess();
        assertTrue(build.stdout().contains("\u001b[91mto-stderr\n\u001b[0m"), build.stdout());
        assertTrue(build.stdout().contains("to-stdout\n"), build.stdout());
        daemon.docker("rmi", "parity-stderr");
    }

    @Test
    void aBuildsAddHostAndNetworkApplyToItsRunSteps(@TempDir Path context) throws Exception {
        daemon.docker("network", "create", "--subnet", "10.77.5.0/24", "parity-build-net").assertSuccess();
        try {
            Files.writeString(context.resolve("Dockerfile"), "FROM busybox\n"
                    + "RUN grep parity.example /etc/hosts > /hosts-seen; ip -4 -o addr show > /addrs-seen\n");
            daemon.cli().build(context, "--add-host", "parity.example:10.1.2.3", "--network", "parity-build-net",
                    "-t", "parity-build").assertSuccess();
            String hosts = daemon.docker("run", "--rm", "parity-build", "cat", "/hosts-seen").assertSuccess().stdout();
            assertTrue(hosts.matches("(?s)10\\.1\\.2\\.3\\s+parity\\.example\\s*"), hosts);
            String addrs = daemon.docker("run", "--rm", "--network", "none", "parity-build", "cat", "/addrs-seen")
                    .assertSuccess().stdout();
            assertTrue(addrs.contains("inet 10.77.5."), "the RUN step ran on the build's --network: " + addrs);
        } finally {
            daemon.docker("rmi", "parity-build");
            daemon.docker("network", "rm", "parity-build-net");
        }
    }

    @Test
    void dockerignoreKeepsOutWhatDockerdKeepsOutTheDockerfileAndItselfIncluded(@TempDir Path context) throws Exception {
        for (String f : List.of("a/b/f1", "a/f2", "keep/k1", "keep/k2", "dir/sub/s", "dir/d", "x/y/z/deep", "x/top",
                "top.txt", "top.md")) {
            Files.createDirectories(context.resolve(f).getParent());
            Files.writeString(context.resolve(f), f);
        }
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nCOPY . /ctx\n");
        Files.writeString(context.resolve(".dockerignore"),
                "**/deep\n*.md\na\n!a/b\nkeep/*\n!keep/k2\ndir/\nDockerfile\n.dockerignore\n");
        // the docker CLI applies .dockerignore itself, so the daemon's rules are seen through a raw API context
        Path tar = context.resolveSibling(context.getFileName() + ".tar");
        Commands.run("tar", "-C", context.toString(), "-cf", tar.toString(), ".").assertSuccess();
        daemon.curl("-X", "POST", "-H", "Content-Type: application/x-tar", "--data-binary", "@" + tar,
                "http://x/build?t=parity-ignore&rm=1").assertSuccess();
        try {
            // as dockerd 20.10 copied the same context
            assertEquals(List.of("/ctx", "/ctx/a", "/ctx/a/b", "/ctx/a/b/f1", "/ctx/keep", "/ctx/keep/k2",
                    "/ctx/top.txt", "/ctx/x", "/ctx/x/top", "/ctx/x/y", "/ctx/x/y/z"),
                    Commands.lines(daemon.docker("run", "--rm", "parity-ignore", "busybox", "find", "/ctx").assertSuccess()
                            .stdout()).stream().sorted().toList());
        } finally {
            daemon.docker("rmi", "parity-ignore");
            Files.deleteIfExists(tar);
        }
    }

    @Test
    void inspectAndListShowWhatDockerdsCreateMergesAndAdds(@TempDir Path context) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nEXPOSE 7000\nSTOPSIGNAL SIGUSR1\n");
        daemon.cli().build(context, "-t", "parity-merge").assertSuccess();
        try {
            daemon.docker("create", "--name", "parity-merged", "--expose", "8000", "--pid", "host", "parity-merge")
                    .assertSuccess();
            // moby's merge: the image's ports with the container's, its stop signal; no volumes is null
            assertEquals("{\"7000/tcp\":{},\"8000/tcp\":{}}", inspect("parity-merged", "{{json .Config.ExposedPorts}}"));
            assertEquals("SIGUSR1", inspect("parity-merged", "{{.Config.StopSignal}}"));
            assertEquals("null", inspect("parity-merged", "{{json .Config.Volumes}}"));
            assertEquals("[\"label=disable\"]", inspect("parity-merged", "{{json .HostConfig.SecurityOpt}}"));
            // a body without Labels: {} in inspect and in the list, as dockerd's merge makes the map
            daemon.curl("-X", "POST", "-H", "Content-Type: application/json", "-d", "{\"Image\":\"busybox\"}",
                    "http://x/containers/create?name=parity-unlabelled").assertSuccess();
            assertEquals("{}", inspect("parity-unlabelled", "{{json .Config.Labels}}"));
            assertEquals("{}", listedLabels("parity-unlabelled"));

            Commands.Result uts = daemon.docker("create", "-h", "named", "--uts", "host", "busybox");
            assertTrue(uts.stderr().contains("conflicting options: hostname and the UTS mode"), uts.stderr());
            Commands.Result joined = daemon.docker("create", "--network", "container:parity-merged", "--dns", "1.1.1.1",
                    "busybox");
            assertTrue(joined.stderr().contains("conflicting options: dns and the network mode"), joined.stderr());
        } finally {
            daemon.docker("rm", "-f", "parity-merged", "parity-unlabelled");
            daemon.docker("rmi", "parity-merge");
        }
    }

    private static String listedLabels(String name) throws Exception {
        String body = daemon.curl("http://x/containers/json?all=1&filters=%7B%22name%22%3A%5B%22" + name + "%22%5D%7D")
                .assertSuccess().stdout();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get(0).get("Labels").toString();
    }

    private static String inspect(String name, String format) throws Exception {
        return daemon.docker("inspect", "--format", format, name).assertSuccess().stdout().trim();
    }

    private static List<String> listed(String filter) throws Exception {
        return Commands.lines(daemon.docker("images", "--filter", filter, "--format", "{{.Repository}}:{{.Tag}}")
                .assertSuccess().stdout()).stream().sorted().toList();
    }
}
