package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classic builder's cache as `docker system df` and `docker builder prune` see it. */
@WithLinnet
class BuildCacheEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    @TempDir
    static Path work;

    private static Commands.Result build(Path context, String... args) throws Exception {
        return daemon.cli().build(context, args);
    }

    private static Path context(String name, String dockerfile) throws Exception {
        Path dir = TestImages.buildContext(work.resolve(name), dockerfile);
        Files.write(dir.resolve("data.bin"), new byte[64 * 1024]);
        return dir;
    }

    private static JsonNode buildCacheRecords() throws Exception {
        UnixHttp.Reply reply = daemon.http().get("/v1.43/system/df");
        assertEquals(200, reply.status(), reply.body());
        return JSON.readTree(reply.body()).path("BuildCache");
    }

    private static String builtId(String out) {
        Matcher m = Pattern.compile("Successfully built ([0-9a-f]{12})").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    @Test
    void systemDfCountsTheCacheAndBuilderPruneEmptiesItButKeepsTaggedImages() throws Exception {
        Path ctx = context("cached", """
                FROM busybox
                COPY data.bin /data.bin
                RUN echo cached > /step.txt
                CMD ["cat", "/step.txt"]
                """);
        String first = build(ctx, "-t", "cache-app:1").assertSuccess().stdout();
        assertFalse(first.contains("Using cache"), first);
        String second = build(ctx, "-t", "cache-app:1").assertSuccess().stdout();
        assertTrue(second.contains(" ---> Using cache"), second);
        assertEquals(builtId(first), builtId(second));

        // an untagged build: only the cache keeps its images
        Path loose = context("loose", """
                FROM busybox
                RUN echo loose > /loose.txt
                """);
        String looseId = builtId(build(loose).assertSuccess().stdout());

        JsonNode records = buildCacheRecords();
        assertTrue(records.size() >= 4, records.toString());
        long size = 0;
        for (JsonNode r : records) {
            assertEquals("regular", r.path("Type").asText(), r.toString());
            assertTrue(r.path("ID").asText().matches("[0-9a-f]{64}"), r.toString());
            assertTrue(r.has("LastUsedAt") && r.has("CreatedAt") && r.has("UsageCount") && r.has("Shared"),
                    r.toString());
            size += r.path("Size").asLong();
        }
        assertTrue(size >= 64 * 1024, records.toString());
        boolean reused = false;
        for (JsonNode r : records) {
            reused |= r.path("Description").asText().contains("COPY") && r.path("UsageCount").asLong() >= 1;
        }
        assertTrue(reused, records.toString());

        String df = daemon.docker("system", "df", "--format", "{{.Type}}|{{.TotalCount}}|{{.Size}}")
                .assertSuccess().stdout();
        Matcher line = Pattern.compile("Build Cache\\|(\\d+)\\|(\\S+)").matcher(df);
        assertTrue(line.find(), df);
        assertEquals(records.size(), Integer.parseInt(line.group(1)), df);
        assertNotEquals("0B", line.group(2), df);
        assertTrue(df.contains("Images|"), df);

        // without -a only records no tagged image shares go: the loose build's
        String dangling = daemon.docker("builder", "prune", "-f").assertSuccess().stdout();
        assertTrue(dangling.contains("Total reclaimed space"), dangling);
        assertFalse(daemon.docker("image", "inspect", looseId).exitCode() == 0, "the loose image is gone");
        assertTrue(buildCacheRecords().size() >= 3, "the tagged build's records stay");

        UnixHttp.Reply bad = daemon.http().send("POST", "/v1.43/build/prune?filters=%7B%22color%22%3A%5B%22red%22%5D%7D", null);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.body().contains("failed to prune build cache: Invalid filter 'color'"), bad.body());

        String pruned = daemon.docker("builder", "prune", "-af").assertSuccess().stdout();
        assertTrue(pruned.contains("Deleted build cache objects:"), pruned);
        assertTrue(pruned.contains("Total reclaimed space"), pruned);
        assertEquals(0, buildCacheRecords().size());
        String after = daemon.docker("system", "df", "--format", "{{.Type}}|{{.TotalCount}}").assertSuccess().stdout();
        assertTrue(after.contains("Build Cache|0"), after);

        // tagged images (and the base image) survive; their layers are intact
        assertEquals("cached\n", daemon.docker("run", "--rm", "cache-app:1").assertSuccess().stdout());
        daemon.docker("image", "inspect", "busybox:latest").assertSuccess();

        String third = build(ctx, "-t", "cache-app:2").assertSuccess().stdout();
        assertFalse(third.contains("Using cache"), third);
        assertEquals("cached\n", daemon.docker("run", "--rm", "cache-app:2").assertSuccess().stdout());
        daemon.docker("rmi", "cache-app:1", "cache-app:2");
        daemon.docker("builder", "prune", "-af").assertSuccess();
    }

    @Test
    void pruneAnswersDockerdsShapeAndHonoursFilters() throws Exception {
        UnixHttp.Reply reply = daemon.http().send("POST",
                "/v1.43/build/prune?all=1&filters=%7B%22until%22%3A%5B%22240h%22%5D%7D&keep-storage=0", null);
        assertEquals(200, reply.status(), reply.body());
        JsonNode body = JSON.readTree(reply.body());
        assertTrue(body.has("CachesDeleted"), reply.body()); // null when nothing went, as dockerd
        assertTrue(body.path("SpaceReclaimed").isNumber(), reply.body());
        UnixHttp.Reply badUntil = daemon.http().send("POST",
                "/v1.43/build/prune?filters=%7B%22until%22%3A%5B%22soon%22%5D%7D", null);
        assertEquals(400, badUntil.status(), badUntil.body());
    }
}
