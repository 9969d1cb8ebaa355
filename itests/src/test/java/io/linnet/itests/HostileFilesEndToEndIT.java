package io.linnet.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile files never reach the host: build contexts, stage images and ADDed archives whose links
 * lead to "/", a container that swaps a directory for a link to "/" while docker cp runs both ways,
 * and a corpus of hostile tars for docker cp. Each case asserts what the user sees and that a
 * marker tree on the host is untouched; the daemon still answers afterwards.
 */
@WithLinnet
class HostileFilesEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @WithLinnet.Inject
    private static LinnetDaemon daemon;
    private static Path marker;
    private static String secret;
    private static Map<String, String> markerBefore;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        // the marker tree: a secret the daemon may never read into an image or an archive, and a
        // directory it may never write into, at host paths every case aims at
        String id = UUID.randomUUID().toString().substring(0, 8);
        marker = Files.createDirectories(Path.of("/tmp", "linnet-marker-" + id));
        secret = "HOST-SECRET-" + id;
        Files.writeString(marker.resolve("secret.txt"), secret);
        Files.createDirectories(marker.resolve("dir"));
        // host files a hostile context's Dockerfile and .dockerignore link to
        Files.writeString(marker.resolve("Dockerfile.host"), "FROM busybox\nRUN echo " + secret + "\n");
        Files.writeString(marker.resolve("ignore.host"), "Dockerfile\n");
        markerBefore = snapshot(marker);
    }

    @AfterAll
    static void stop() throws Exception {
        if (marker != null) {
            try (Stream<Path> all = Files.walk(marker)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @AfterEach
    void hostUntouched() throws Exception {
        assertEquals(markerBefore, snapshot(marker), "the host's marker tree changed");
        assertFalse(Files.exists(Path.of("/newdir")), "a directory was made at the host's root");
        assertEquals("OK", daemon.curl("http://d/_ping").stdout());
    }

    /** Every path below the marker with its size and mode. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                out.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir " + Files.getAttribute(p, "unix:mode")
                        : Files.size(p) + " " + Files.getAttribute(p, "unix:mode") + " " + Files.getAttribute(p, "unix:uid"));
            }
        }
        return out;
    }

    private static Commands.Result build(Path context, String... args) throws Exception {
        return daemon.cli().build(context, args);
    }

    private static Path context(String name, String dockerfile) throws Exception {
        return TestImages.buildContext(work.resolve(name), dockerfile);
    }

    // ------------------------------------------------------------------ build contexts

    /** The issue's reproduction: a context link to "/" and COPY through it. */
    @Test
    void contextLinkToTheRootIsTakenInsideTheContext() throws Exception {
        Path ctx = context("ctx-slash", "FROM busybox\nCOPY s" + marker + "/secret.txt /x\n");
        Files.createSymbolicLink(ctx.resolve("s"), Path.of("/"));
        Commands.Result r = build(ctx, "-t", "hostile-slash");
        assertEquals(1, r.exitCode(), r.stdout());
        assertTrue(r.stderr().contains("COPY failed: file not found in build context or excluded by .dockerignore: stat s"
                + marker + "/secret.txt: file does not exist"), r.stderr());
        assertFalse(r.stdout().contains(secret) || r.stderr().contains(secret));

        // a link that climbs, and a directory holding a link out: the link itself is copied
        Path ctx2 = context("ctx-climb", "FROM busybox\nCOPY d /d\nCOPY up" + marker + "/secret.txt /y\n");
        Files.createDirectories(ctx2.resolve("d"));
        Files.createSymbolicLink(ctx2.resolve("d/host"), marker.resolve("secret.txt"));
        Files.createSymbolicLink(ctx2.resolve("up"), Path.of("../../../../../../../../.."));
        Commands.Result r2 = build(ctx2, "-t", "hostile-climb");
        assertEquals(1, r2.exitCode(), r2.stdout());
        assertTrue(r2.stderr().contains("file does not exist"), r2.stderr());
    }

    /** A hostile client's own context tar: a Dockerfile and a .dockerignore that are links to host files. */
    @Test
    void dockerfileAndDockerignoreLinksStayInTheContext() throws Exception {
        Path hostDockerfile = marker.resolve("Dockerfile.host");
        Path tar = work.resolve("links-context.tar");
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            symlink(t, "Dockerfile", hostDockerfile.toString());
            symlink(t, "df2", "/etc/../../../../etc/os-release");
        }
        Commands.Result r = daemon.curl("-X", "POST", "-H", "Content-Type: application/x-tar", "--data-binary", "@" + tar,
                "http://d/build?dockerfile=Dockerfile");
        assertTrue(r.stdout().contains("Cannot locate specified Dockerfile: Dockerfile"), r.stdout());
        assertFalse(r.stdout().contains(secret), r.stdout());
        Commands.Result r2 = daemon.curl("-X", "POST", "-H", "Content-Type: application/x-tar", "--data-binary", "@" + tar,
                "http://d/build?dockerfile=df2");
        assertTrue(r2.stdout().contains("Cannot locate specified Dockerfile: df2"), r2.stdout());

        // .dockerignore as a link to a host file that would exclude the Dockerfile: ignored, the build runs
        Path tar2 = work.resolve("ignore-context.tar");
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(Files.newOutputStream(tar2))) {
            file(t, "Dockerfile", "FROM busybox\nCOPY Dockerfile /\n");
            symlink(t, ".dockerignore", marker.resolve("ignore.host").toString());
        }
        Commands.Result r3 = daemon.curl("-X", "POST", "-H", "Content-Type: application/x-tar", "--data-binary", "@" + tar2,
                "http://d/build?dockerfile=Dockerfile&t=hostile-ignore");
        assertTrue(r3.stdout().contains("Successfully tagged hostile-ignore:latest"), r3.stdout());
    }

    /** ADD of a local tar whose entries go through a link to "/" and hard-link through it. */
    @Test
    void addedArchivesUnpackInsideTheirDirectory() throws Exception {
        Path ctx = context("ctx-add", "FROM busybox\nADD evil.tar /unpacked/\nRUN ls -R /unpacked\n");
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(Files.newOutputStream(ctx.resolve("evil.tar")))) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            symlink(t, "l", "/");
            file(t, "l" + marker + "/dir/planted", "planted");
            file(t, "l/newdir/f", "made through a link");
            hardlink(t, "hl", "l" + marker + "/secret.txt");
        }
        Commands.Result r = build(ctx, "-t", "hostile-add");
        assertFalse(r.stdout().contains(secret), r.stdout());
        if (r.exitCode() == 0) {
            Commands.Result cat = daemon.docker("run", "--rm", "hostile-add", "cat", "/unpacked/hl");
            assertFalse(cat.stdout().contains(secret), cat.stdout());
        } else {
            assertTrue(r.stderr().contains("invalid"), r.stderr());
        }
    }

    /** COPY --from an image whose file system links "/s" to "/": the stage's links are the stage's. */
    @Test
    void stageImagesLinksStayInTheStage() throws Exception {
        loadImage("hostile-base:1", Map.of("s", "/", "etc/pw", marker + "/secret.txt"));
        Path ctx = context("ctx-from", "FROM busybox\nCOPY --from=hostile-base:1 s" + marker + "/secret.txt /x\n");
        Commands.Result r = build(ctx, "-t", "hostile-from");
        assertEquals(1, r.exitCode(), r.stdout());
        assertTrue(r.stderr().contains("file does not exist"), r.stderr());
        Path ctx2 = context("ctx-from2", "FROM busybox\nCOPY --from=hostile-base:1 /etc/pw /x\n");
        Commands.Result r2 = build(ctx2, "-t", "hostile-from2");
        assertEquals(1, r2.exitCode(), r2.stdout());
        // ONBUILD runs the same COPY when the hostile image is a base
        loadImage("hostile-onbuild:1", Map.of("s", "/"));
        Path ctx3 = context("ctx-onbuild", "FROM hostile-onbuild:1\nONBUILD COPY --from=hostile-base:1 s" + marker
                + "/secret.txt /x\n");
        build(ctx3, "-t", "hostile-onbuild-parent").assertSuccess();
        Path ctx4 = context("ctx-onbuild-child", "FROM hostile-onbuild-parent\n");
        Commands.Result r4 = build(ctx4, "-t", "hostile-onbuild-child");
        assertEquals(1, r4.exitCode(), r4.stdout());
        assertFalse(r4.stdout().contains(secret));
    }

    /** An image whose layer climbs with "..", names absolute paths, writes through a link and hard-links out. */
    @Test
    void hostileImageLayersUnpackInsideTheirSnapshot() throws Exception {
        Commands.Result load = loadImage("hostile-layer:1", t -> {
            file(t, "../../../../../../.." + marker + "/dir/dotdot", "x");
            file(t, marker + "/dir/absolute", "x");
            symlink(t, "l", "/");
            file(t, "l" + marker + "/dir/through", "x");
            hardlink(t, "hl", "../../../../../../.." + marker + "/secret.txt");
        });
        if (load.exitCode() != 0) {
            assertFalse(load.stderr().contains("unhandled error"), load.stderr());
            return; // refused at load: nothing was unpacked
        }
        Commands.Result run = daemon.docker("run", "--rm", "hostile-layer:1", "sh", "-c", "cat /hl; ls -R /tmp");
        assertFalse(run.stdout().contains(secret), run.stdout());
    }

    // ------------------------------------------------------------------ docker cp

    /**
     * A container swaps /w between a directory and a link to "/" in a loop while docker cp runs
     * many times both ways: what the daemon reads and writes stays inside the container.
     */
    @Test
    void cpRacingALinkSwapStaysInTheContainer() throws Exception {
        daemon.docker("run", "-d", "--name", "swapper", "busybox", "sh", "-c",
                // decoys at the host's paths, so that a lookup that sees the directory succeeds and a later
                // path-based call that meets the link would reach the host's files
                "mkdir -p /w" + marker + "/dir; echo decoy > /w" + marker + "/secret.txt; touch /ready;"
                        + " while true; do busybox mv /w /w.d; busybox ln -s / /w; busybox rm /w; busybox mv /w.d /w; done")
                .assertSuccess();
        Path payload = Files.writeString(work.resolve("payload"), "payload");
        int reads = 0;
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int i = 0; i < 60 && System.nanoTime() < deadline; i++) {
            daemon.docker("cp", payload.toString(), "swapper:/w/linnet-race-" + i);
            daemon.docker("cp", payload.toString(), "swapper:/w" + marker + "/dir/");
            Commands.Result out = daemon.docker("cp", "swapper:/w" + marker + "/secret.txt", "-");
            assertFalse(out.stdout().contains(secret), "docker cp read the host's file");
            Commands.Result tree = daemon.docker("cp", "swapper:/w/", "-");
            assertFalse(tree.stdout().contains(secret), "docker cp read the host's file");
            reads++;
        }
        assertTrue(reads > 10, "too few rounds: " + reads);
        try (Stream<Path> top = Files.list(Path.of("/"))) {
            assertEquals(List.of(), top.filter(p -> p.getFileName().toString().startsWith("linnet-race-")).toList());
        }
        daemon.docker("rm", "-f", "swapper").assertSuccess();
    }

    /** A corpus of hostile tars for PUT /containers/{id}/archive: each refused or confined, the host untouched. */
    @Test
    void hostileTarCorpusForDockerCp() throws Exception {
        daemon.docker("run", "-d", "--name", "corpus", "busybox", "sh", "-c",
                "mkdir /dest; busybox ln -s / /dest/rootlink; busybox ln -s " + marker + " /dest/hostlink; exec sleep 300")
                .assertSuccess();
        Map<String, byte[]> corpus = new TreeMap<>();
        corpus.put("dotdot", tar(t -> file(t, "../../../../../../.." + marker + "/dir/x", "x")));
        corpus.put("absolute", tar(t -> file(t, marker + "/dir/abs", "x")));
        corpus.put("symlink-out-then-file", tar(t -> {
            symlink(t, "out", marker + "/dir");
            file(t, "out/through", "x");
        }));
        corpus.put("symlink-climbing", tar(t -> symlink(t, "up", "../../../../../../..")));
        corpus.put("hardlink-out", tar(t -> hardlink(t, "hl", "../../../../../../.." + marker + "/secret.txt")));
        corpus.put("hardlink-through-container-link", tar(t -> hardlink(t, "hl2", "rootlink" + marker + "/secret.txt")));
        corpus.put("file-through-container-link", tar(t -> file(t, "hostlink/dir/y", "x")));
        corpus.put("char-device", tar(t -> device(t, "null", TarConstants.LF_CHR, 1, 3)));
        corpus.put("block-device", tar(t -> device(t, "sda", TarConstants.LF_BLK, 8, 0)));
        corpus.put("fifo", tar(t -> device(t, "fifo", TarConstants.LF_FIFO, 0, 0)));
        corpus.put("huge-size-short-body", hugeHeader());
        corpus.put("long-name", tar(t -> file(t, "d/".repeat(1500) + "f", "deep")));
        corpus.put("not-a-tar", "this is not a tar archive".repeat(40).getBytes(StandardCharsets.UTF_8));
        Map<String, String> statuses = new TreeMap<>();
        for (var c : corpus.entrySet()) {
            Path file = Files.write(work.resolve("corpus-" + c.getKey() + ".tar"), c.getValue());
            Commands.Result r = daemon.curl("-X", "PUT", "-T", file.toString(), "-w", " %{http_code}", "-m", "60",
                    "http://d/containers/corpus/archive?path=/dest");
            String out = r.stdout().strip();
            String status = out.substring(out.lastIndexOf(' ') + 1);
            statuses.put(c.getKey(), status);
            assertTrue(status.equals("200") || status.startsWith("4") || status.equals("500"), c.getKey() + ": " + out);
            assertFalse(out.contains("unhandled error") || out.contains("Exception"), c.getKey() + ": " + out);
        }
        assertEquals("500", statuses.get("dotdot"), statuses.toString());
        assertEquals("200", statuses.get("absolute"));
        assertEquals("500", statuses.get("symlink-out-then-file"));
        assertEquals("500", statuses.get("symlink-climbing"));
        assertEquals("500", statuses.get("hardlink-out"));
        // what landed stayed inside the container
        assertEquals("x", daemon.docker("exec", "corpus", "cat", "/dest" + marker + "/dir/abs").assertSuccess().stdout());
        Commands.Result hl2 = daemon.docker("exec", "corpus", "cat", "/dest/hl2");
        assertFalse(hl2.stdout().contains(secret), hl2.stdout());
        daemon.docker("rm", "-f", "corpus").assertSuccess();
    }

    // ------------------------------------------------------------------ helpers

    private interface Entries {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static byte[] tar(Entries entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entries.write(t);
        }
        return out.toByteArray();
    }

    /** A header that claims a terabyte, then the stream ends: the daemon must answer, not wait or fill a disk. */
    private static byte[] hugeHeader() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarArchiveOutputStream t = new TarArchiveOutputStream(out);
        t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        TarArchiveEntry e = new TarArchiveEntry("huge", TarConstants.LF_NORMAL, true);
        e.setSize(1L << 40);
        t.putArchiveEntry(e);
        t.write(new byte[4096]);
        t.flush();
        return out.toByteArray(); // never closed: the entry is cut short
    }

    private static void file(TarArchiveOutputStream t, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        e.setSize(bytes.length);
        e.setMode(0644);
        t.putArchiveEntry(e);
        t.write(bytes);
        t.closeArchiveEntry();
    }

    private static void symlink(TarArchiveOutputStream t, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        e.setLinkName(target);
        t.putArchiveEntry(e);
        t.closeArchiveEntry();
    }

    private static void hardlink(TarArchiveOutputStream t, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        e.setLinkName(target);
        t.putArchiveEntry(e);
        t.closeArchiveEntry();
    }

    private static void device(TarArchiveOutputStream t, String name, byte type, int major, int minor) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        e.setMode(0666);
        t.putArchiveEntry(e);
        t.closeArchiveEntry();
    }

    /** A one-layer image of the test busybox plus the given symlinks, loaded under {@code tag}. */
    private static void loadImage(String tag, Map<String, String> links) throws Exception {
        loadImage(tag, t -> {
            for (var l : links.entrySet()) {
                symlink(t, l.getKey(), l.getValue());
            }
        }).assertSuccess();
    }

    /** A one-layer image of the test busybox plus the given entries, loaded under {@code tag}. */
    private static Commands.Result loadImage(String tag, Entries extra) throws Exception {
        byte[] base = TestImages.rootfsLayer("hostile-" + tag);
        ByteArrayOutputStream layerBytes = new ByteArrayOutputStream();
        // the busybox layer's entries, then the links (a tar read to its end-of-archive marker stops there,
        // so the two are written as one archive)
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(layerBytes)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                    new java.io.ByteArrayInputStream(base))) {
                for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    t.putArchiveEntry(e);
                    in.transferTo(t);
                    t.closeArchiveEntry();
                }
            }
            extra.write(t);
        }
        byte[] layer = layerBytes.toByteArray();
        String diffHex = TestImages.sha256(layer);
        byte[] config = TestImages.config("sha256:" + diffHex, Map.of(), List.of("sh"));
        String configHex = TestImages.sha256(config);
        ArrayNode manifest = JSON.createArrayNode();
        var entry = manifest.addObject();
        entry.put("Config", configHex + ".json");
        entry.putArray("RepoTags").add(tag);
        entry.putArray("Layers").add(diffHex + "/layer.tar");
        Path archive = work.resolve(tag.replace(':', '-') + ".tar");
        try (OutputStream out = Files.newOutputStream(archive); TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            raw(t, diffHex + "/layer.tar", layer);
            raw(t, configHex + ".json", config);
            raw(t, "manifest.json", JSON.writeValueAsBytes(manifest));
        }
        return daemon.docker("load", "-q", "-i", archive.toString());
    }

    private static void raw(TarArchiveOutputStream t, String name, byte[] bytes) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        e.setMode(0644);
        t.putArchiveEntry(e);
        t.write(bytes);
        t.closeArchiveEntry();
    }
}
