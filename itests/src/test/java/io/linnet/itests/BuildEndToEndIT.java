package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `DOCKER_BUILDKIT=0 docker build` (the classic builder) and `docker commit` against linnetd on containerd. */
@WithLinnet
class BuildEndToEndIT {
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    @TempDir
    static Path work;

    static final String DOCKERFILE = """
            # syntax=docker/dockerfile:1
            ARG GREETING=hello
            FROM busybox AS build
            ARG GREETING
            WORKDIR /src
            COPY app.txt ./
            RUN echo "$GREETING from build" > /src/out.txt \\
                && cat app.txt >> /src/out.txt
            FROM busybox AS final
            LABEL org.example.kind="end to end"
            ENV APP_HOME=/app
            WORKDIR ${APP_HOME}
            COPY --from=build /src/out.txt ./out.txt
            COPY --chown=1000:1000 app.txt conf/ /app/
            EXPOSE 8080
            HEALTHCHECK --interval=30s CMD true
            USER 1000
            CMD ["cat", "/app/out.txt"]
            """;

    private static Commands.Result build(Path context, String... args) throws Exception {
        return daemon.cli().build(context, args);
    }

    private static Path context(String name, String dockerfile) throws Exception {
        return TestImages.buildContext(work.resolve(name), dockerfile);
    }

    private static JsonNode inspect(String name) throws Exception {
        return daemon.inspect("image", "inspect", name);
    }

    @Test
    void multiStageBuildRunsCachesAndShowsItsHistory() throws Exception {
        Path ctx = context("multi", DOCKERFILE);
        Files.writeString(ctx.resolve("app.txt"), "app content\n");
        Files.createDirectories(ctx.resolve("conf"));
        Files.writeString(ctx.resolve("conf/app.conf"), "key=value\n");

        long t0 = System.nanoTime();
        Commands.Result first = build(ctx, "-t", "built-app:1", "-t", "built-app:latest").assertSuccess();
        long uncached = System.nanoTime() - t0;
        String out = first.stdout();
        assertTrue(out.contains("Step 1/16 : ARG GREETING=hello"), out);
        assertTrue(out.contains("Step 2/16 : FROM busybox AS build"), out);
        assertTrue(out.contains(" ---> Running in "), out);
        assertTrue(out.contains("Removing intermediate container "), out);
        assertTrue(out.matches("(?s).*Successfully built [0-9a-f]{12}\n.*"), out);
        assertTrue(out.contains("Successfully tagged built-app:1"), out);
        assertTrue(out.contains("Successfully tagged built-app:latest"), out);

        assertEquals("hello from build\napp content\n",
                daemon.docker("run", "--rm", "built-app:1").assertSuccess().stdout());
        assertEquals("key=value\n", daemon.docker("run", "--rm", "built-app:1", "cat", "/app/app.conf")
                .assertSuccess().stdout());
        String owner = daemon.docker("run", "--rm", "built-app:1", "ls", "-n", "/app/app.txt").assertSuccess().stdout();
        assertTrue(owner.matches("(?s).*\\s1000\\s+1000\\s.*"), owner);

        // intermediate images are listed with -a only
        int shown = daemon.docker("images", "-q").assertSuccess().stdout().strip().split("\n").length;
        int all = daemon.docker("images", "-aq").assertSuccess().stdout().strip().split("\n").length;
        assertTrue(all > shown + 10, shown + " of " + all);

        JsonNode image = inspect("built-app:1");
        JsonNode config = image.path("Config");
        assertEquals("end to end", config.path("Labels").path("org.example.kind").asText());
        assertTrue(config.path("Env").toString().contains("APP_HOME=/app"), config.toString());
        assertEquals("/app", config.path("WorkingDir").asText());
        assertEquals("1000", config.path("User").asText());
        assertEquals("[\"cat\",\"/app/out.txt\"]", config.path("Cmd").toString());
        assertTrue(config.path("ExposedPorts").has("8080/tcp"), config.toString());
        assertEquals("[\"CMD-SHELL\",\"true\"]", config.path("Healthcheck").path("Test").toString());
        assertEquals(30_000_000_000L, config.path("Healthcheck").path("Interval").asLong());

        String history = daemon.docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", "built-app:1")
                .assertSuccess().stdout();
        assertTrue(history.contains("#(nop)  CMD [\"cat\" \"/app/out.txt\"]"), history);
        // created_by as dockerd 20.10 writes it
        assertTrue(history.contains("/bin/sh -c #(nop) COPY file:"), history);
        assertTrue(history.contains(" in ./out.txt \n"), history);
        assertTrue(history.contains("/bin/sh -c #(nop) COPY --chown=1000:1000multi:"), history);
        assertTrue(history.contains("/bin/sh -c #(nop) WORKDIR /app\n"), history);
        assertTrue(history.contains("/bin/sh -c #(nop)  LABEL org.example.kind=end to end\n"), history);
        assertTrue(history.contains("/bin/sh -c #(nop)  HEALTHCHECK &{[\"CMD-SHELL\" \"true\"] \"30s\" \"0s\" \"0s\" '\\x00'}"),
                history);
        assertTrue(history.contains("#(nop)  USER 1000"), history);

        t0 = System.nanoTime();
        Commands.Result second = build(ctx, "-t", "built-app:1").assertSuccess();
        long cached = System.nanoTime() - t0;
        assertTrue(second.stdout().contains(" ---> Using cache"), second.stdout());
        assertTrue(!second.stdout().contains("Running in"), second.stdout());
        assertEquals(image.path("Id").asText(), inspect("built-app:1").path("Id").asText());
        System.out.printf("BUILD TIMES: uncached %d ms, cached %d ms%n", uncached / 1_000_000, cached / 1_000_000);

        // a changed input misses the cache from that step on
        Files.writeString(ctx.resolve("app.txt"), "changed\n");
        Commands.Result third = build(ctx, "-t", "built-app:2").assertSuccess();
        assertTrue(third.stdout().contains("Running in"), third.stdout());
        assertEquals("hello from build\nchanged\n", daemon.docker("run", "--rm", "built-app:2").assertSuccess().stdout());
        assertNotEquals(image.path("Id").asText(), inspect("built-app:2").path("Id").asText());
    }

    @Test
    void targetAndBuildArgs() throws Exception {
        Path ctx = context("target", DOCKERFILE);
        Files.writeString(ctx.resolve("app.txt"), "x\n");
        Files.createDirectories(ctx.resolve("conf"));
        Commands.Result r = build(ctx, "--target", "build", "--build-arg", "GREETING=bonjour", "-t", "built-stage",
                "--label", "built.by=linnet", "--label", "a=b").assertSuccess();
        assertTrue(r.stdout().contains("Step 6/8 : RUN"), r.stdout());
        assertTrue(r.stdout().contains("Step 7/8 : LABEL a=b\n"), r.stdout());
        assertTrue(r.stdout().contains("Step 8/8 : LABEL built.by=linnet\n"), r.stdout());
        assertEquals("linnet", inspect("built-stage").path("Config").path("Labels").path("built.by").asText());
        assertEquals("bonjour from build\nx\n", daemon.docker("run", "--rm", "built-stage", "cat", "/src/out.txt")
                .assertSuccess().stdout());
        assertEquals("/src", inspect("built-stage").path("Config").path("WorkingDir").asText());
    }

    @Test
    void failingRunFailsTheCliWithDockersText() throws Exception {
        Path ctx = context("failing", "FROM busybox\nRUN echo before\nRUN false\nCMD [\"true\"]\n");
        Commands.Result r = build(ctx, "-t", "never-built");
        assertNotEquals(0, r.exitCode(), r.stdout());
        assertTrue(r.stderr().contains("The command '/bin/sh -c false' returned a non-zero code: 1"), r.stderr());
        assertTrue(r.stdout().contains("before"), r.stdout());
        assertNotEquals(0, daemon.docker("image", "inspect", "never-built").exitCode());
    }

    @Test
    void chownByNameReadsTheImagesPasswdAndGroup() throws Exception {
        Path ctx = context("chown-names", "FROM busybox\nCOPY --chown=nobody a.txt /a\nRUN ls -ln /a\n");
        Files.writeString(ctx.resolve("a.txt"), "hi\n");
        Commands.Result ok = build(ctx, "-t", "chowned");
        assertEquals(0, ok.exitCode(), ok.stdout() + ok.stderr());
        assertTrue(ok.stdout().matches("(?s).*-rw-r--r-- +1 65534 +65534 +3 .*/a\n.*"), ok.stdout());
        daemon.docker("rmi", "chowned").assertSuccess();

        Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nCOPY --chown=ghost a.txt /a\n");
        Commands.Result unknown = build(ctx);
        assertNotEquals(0, unknown.exitCode());
        assertTrue(unknown.stderr().contains("unable to convert uid/gid chown string to host mapping: can't find uid "
                + "for user ghost: no such user: ghost"), unknown.stderr());
    }

    @Test
    void parseErrorsNameTheLine() throws Exception {
        Path ctx = context("bad", "FROM busybox\nBOGUS x\n");
        Commands.Result r = build(ctx);
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("dockerfile parse error line 2: unknown instruction: BOGUS"), r.stderr());
    }

    @Test
    void dockerignoreIsHonouredForRawApiContexts() throws Exception {
        Path ctx = context("ignore", "FROM busybox\nCOPY . /ctx/\nCMD [\"ls\", \"/ctx\"]\n");
        Files.writeString(ctx.resolve(".dockerignore"), "*.secret\n!keep.secret\n");
        Files.writeString(ctx.resolve("a.secret"), "no");
        Files.writeString(ctx.resolve("keep.secret"), "yes");
        Files.writeString(ctx.resolve("visible.txt"), "yes");
        Path tar = work.resolve("ignore.tar");
        Commands.run("tar", "-C", ctx.toString(), "-cf", tar.toString(), ".").assertSuccess();
        Commands.Result r = daemon.curl("-X", "POST", "-H", "Content-Type: application/x-tar", "--data-binary",
                "@" + tar, "http://localhost/v1.43/build?t=ignored:1").assertSuccess();
        assertTrue(r.stdout().contains("{\"aux\":{\"ID\":\"sha256:"), r.stdout());
        String ls = daemon.docker("run", "--rm", "ignored:1").assertSuccess().stdout();
        assertTrue(ls.contains("keep.secret") && ls.contains("visible.txt"), ls);
        assertTrue(!ls.contains("a.secret"), ls);
    }

    @Test
    void rawApiStatusesErrorsQuietAndAddOfAnArchive() throws Exception {
        Path ctx = context("raw", "FROM busybox\nONBUILD RUN echo triggered > /trigger\n"
                + "ADD files.tar.gz /opt/\nRUN cat /opt/inside.txt\nRUN exit 3\n");
        Path files = Files.createDirectories(work.resolve("files"));
        Files.writeString(files.resolve("inside.txt"), "from the archive\n");
        Commands.run("tar", "-C", files.toString(), "-czf", ctx.resolve("files.tar.gz").toString(), ".").assertSuccess();
        Path tar = work.resolve("raw.tar");
        Commands.run("tar", "-C", ctx.toString(), "-cf", tar.toString(), ".").assertSuccess();

        Commands.Result missing = daemon.curl("-w", " %{http_code}", "-X", "POST", "--data-binary", "@" + tar,
                "http://localhost/v1.43/build?dockerfile=nope");
        assertEquals("{\"message\":\"Cannot locate specified Dockerfile: nope\"} 500", missing.stdout().strip());
        Commands.Result target = daemon.curl("-w", " %{http_code}", "-X", "POST", "--data-binary", "@" + tar,
                "http://localhost/v1.43/build?target=nope");
        assertEquals("{\"message\":\"failed to reach build target nope in Dockerfile\"} 400", target.stdout().strip());

        Commands.Result failed = daemon.curl("-X", "POST", "--data-binary", "@" + tar, "http://localhost/v1.43/build?q=1");
        String body = failed.stdout();
        assertTrue(body.contains("from the archive"), body); // held-back output comes with the failure
        assertTrue(body.contains("{\"errorDetail\":{\"code\":3,\"message\":\"The command '/bin/sh -c exit 3' "
                + "returned a non-zero code: 3\"},\"error\":\"The command '/bin/sh -c exit 3' returned a non-zero code: 3\"}"),
                body);

        // ONBUILD triggers of the base run right after FROM
        Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nONBUILD RUN echo triggered > /trigger\n");
        build(ctx, "-t", "with-trigger").assertSuccess();
        Files.writeString(ctx.resolve("Dockerfile"), "FROM with-trigger\nCMD [\"cat\", \"/trigger\"]\n");
        Commands.Result child = build(ctx, "-t", "child").assertSuccess();
        assertTrue(child.stdout().contains("# Executing 1 build trigger\n"), child.stdout());
        assertEquals("triggered\n", daemon.docker("run", "--rm", "child").assertSuccess().stdout());
    }

    @Test
    void commitMakesAnImageOfAContainer() throws Exception {
        daemon.docker("run", "--name", "to-commit", "busybox", "sh", "-c", "echo committed > /marker").assertSuccess();
        String id = daemon.docker("commit", "--change", "CMD [\"cat\", \"/marker\"]", "-m", "a message", "-a", "me",
                "to-commit", "committed:1").assertSuccess().stdout().trim();
        assertTrue(id.startsWith("sha256:"), id);
        assertEquals("committed\n", daemon.docker("run", "--rm", "committed:1").assertSuccess().stdout());
        JsonNode image = inspect("committed:1");
        assertEquals("a message", image.path("Comment").asText());
        assertEquals("me", image.path("Author").asText());
        daemon.docker("rm", "-f", "to-commit").assertSuccess();
    }
}
