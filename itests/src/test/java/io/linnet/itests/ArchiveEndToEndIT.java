package io.linnet.itests;

import static io.linnet.itests.Commands.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker cp, export and diff with the real docker CLI and raw HTTP; escape attempts checked on the host. */
@WithLinnet
class ArchiveEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A container with a directory, a file and symlinks pointing at /etc and above the root. */
    private static final String SETUP = "mkdir -p /d/sub; echo abc > /d/f; busybox ln -s /etc /d/etcl; "
            + "mkdir /u; busybox ln -s ../../../../ /u/up; ";
    @WithLinnet.Inject
    private static LinnetDaemon daemon;

    @TempDir
    static Path work;
    @TempDir
    Path host;

    private static void runWithFiles(String name) throws Exception {
        daemon.docker("run", "-d", "--name", name, "busybox", "sh", "-c", SETUP + "touch /ready; exec sleep 300")
                .assertSuccess();
        for (int i = 0; i < 100 && daemon.curl("-o", "/dev/null", "-w", "%{http_code}", "-I",
                "http://d/containers/" + name + "/archive?path=/ready").stdout().equals("404"); i++) {
            Thread.sleep(50);
        }
    }

    /** The decoded X-Docker-Container-Path-Stat of a HEAD request, or null. */
    private static JsonNode stat(String container, String path) throws Exception {
        UnixHttp.Reply reply = daemon.http().send("HEAD", "/containers/" + container + "/archive?path=" + path, null);
        String header = reply.header("X-Docker-Container-Path-Stat");
        return header == null ? null : JSON.readTree(Base64.getDecoder().decode(header));
    }

    private static List<String> tarNames(Path tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                names.add(e.getName() + (e.isSymbolicLink() ? " -> " + e.getLinkName() : ""));
            }
        }
        return names;
    }

    private static Path tar(Path dir, String name, Map<String, String> files, Map<String, String> symlinks) throws IOException {
        Path out = dir.resolve(name);
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(Files.newOutputStream(out))) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var l : symlinks.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(l.getKey(), TarArchiveEntry.LF_SYMLINK, true);
                e.setLinkName(l.getValue());
                t.putArchiveEntry(e);
                t.closeArchiveEntry();
            }
            for (var f : files.entrySet()) {
                byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey(), TarArchiveEntry.LF_NORMAL, true);
                e.setSize(bytes.length);
                e.setMode(0644);
                t.putArchiveEntry(e);
                t.write(bytes);
                t.closeArchiveEntry();
            }
        }
        return out;
    }

    /** PUT a tar file with curl; answers "status body". */
    private static String put(String container, String path, Path tar) throws Exception {
        Commands.Result r = daemon.curl("-X", "PUT", "-T", tar.toString(), "-w", " %{http_code}",
                "http://d/containers/" + container + "/archive?path=" + path);
        String out = r.stdout().strip();
        int space = out.lastIndexOf(' ');
        return out.substring(space + 1) + " " + out.substring(0, Math.max(space, 0));
    }

    @Test
    void statHeaderAsDockerd() throws Exception {
        runWithFiles("st1");
        JsonNode file = stat("st1", "/d/f");
        assertEquals("f", file.path("name").asText());
        assertEquals(4, file.path("size").asInt());
        assertEquals(420, file.path("mode").asLong());
        assertEquals("", file.path("linkTarget").asText());
        assertTrue(file.path("mtime").asText().endsWith("Z"), file.toString());
        assertEquals(2147484141L, stat("st1", "/d").path("mode").asLong());
        JsonNode link = stat("st1", "/d/etcl");
        assertEquals(134218239L, link.path("mode").asLong());
        assertEquals("/etc", link.path("linkTarget").asText());
        // a link climbing above the root ends at the container's root
        assertEquals("/", stat("st1", "/u/up").path("linkTarget").asText());
        // a trailing slash follows the link
        JsonNode followed = stat("st1", "/d/etcl/");
        assertEquals("etcl", followed.path("name").asText());
        assertEquals(2147484141L, followed.path("mode").asLong());

        assertEquals("404", daemon.curl("-o", "/dev/null", "-w", "%{http_code}", "-I",
                "http://d/containers/st1/archive?path=/nope").stdout());
        assertEquals("{\"message\":\"Could not find the file /nope in container st1\"}",
                daemon.curl("http://d/containers/st1/archive?path=/nope").stdout().strip());
        assertEquals("{\"message\":\"No such container: nope\"}",
                daemon.curl("http://d/containers/nope/archive?path=/").stdout().strip());
    }

    @Test
    void cpOutOfARunningContainer() throws Exception {
        runWithFiles("out1");
        daemon.docker("cp", "out1:/d", host.resolve("copy").toString()).assertSuccess();
        assertEquals("abc\n", Files.readString(host.resolve("copy/f")));
        assertTrue(Files.isDirectory(host.resolve("copy/sub")));
        assertEquals(Path.of("/etc"), Files.readSymbolicLink(host.resolve("copy/etcl")));

        // dir/. copies the contents
        Files.createDirectories(host.resolve("contents"));
        daemon.docker("cp", "out1:/d/.", host.resolve("contents").toString()).assertSuccess();
        assertEquals("abc\n", Files.readString(host.resolve("contents/f")));

        // a symlink is copied as a link, with -L its target (the container's /etc, not the host's)
        daemon.docker("cp", "out1:/d/etcl", host.resolve("link").toString()).assertSuccess();
        assertTrue(Files.isSymbolicLink(host.resolve("link")));
        daemon.docker("cp", "-L", "out1:/d/etcl", host.resolve("etc").toString()).assertSuccess();
        assertEquals("archive", Files.readString(host.resolve("etc/marker")));

        // through the link that climbs out: still the container's files
        daemon.docker("cp", "out1:/u/up/etc/passwd", host.resolve("passwd").toString()).assertSuccess();
        assertEquals(Files.readString(host.resolve("etc/passwd")), Files.readString(host.resolve("passwd")));
        assertNotEquals(Files.readString(Path.of("/etc/passwd")), Files.readString(host.resolve("passwd")));

        Commands.Result missing = daemon.docker("cp", "out1:/nope", host.resolve("x").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.stderr().contains("Could not find the file /nope in container out1"), missing.stderr());
    }

    @Test
    void cpIntoARunningContainer() throws Exception {
        runWithFiles("in1");
        Files.writeString(host.resolve("hello.txt"), "hello");
        Files.createDirectories(host.resolve("tree/inner"));
        Files.writeString(host.resolve("tree/inner/x"), "x");
        daemon.docker("cp", host.resolve("hello.txt").toString(), "in1:/d/").assertSuccess();
        daemon.docker("cp", host.resolve("hello.txt").toString(), "in1:/d/renamed.txt").assertSuccess();
        daemon.docker("cp", host.resolve("tree").toString(), "in1:/newtree").assertSuccess();
        assertEquals(5, stat("in1", "/d/hello.txt").path("size").asInt());
        assertEquals(5, stat("in1", "/d/renamed.txt").path("size").asInt());
        assertEquals(1, stat("in1", "/newtree/inner/x").path("size").asInt());
        // the running process sees them
        daemon.docker("cp", "in1:/newtree/inner/x", host.resolve("back").toString()).assertSuccess();
        assertEquals("x", Files.readString(host.resolve("back")));

        // into a symlinked directory: the container's /etc, never the host's
        String unique = "linnet-cp-" + ProcessHandle.current().pid() + ".txt";
        Files.writeString(host.resolve(unique), "in etc");
        daemon.docker("cp", host.resolve(unique).toString(), "in1:/d/etcl/").assertSuccess();
        assertEquals(6, stat("in1", "/etc/" + unique).path("size").asInt());
        assertFalse(Files.exists(Path.of("/etc", unique)));
        daemon.docker("cp", host.resolve(unique).toString(), "in1:/u/up/").assertSuccess();
        assertEquals(6, stat("in1", "/" + unique).path("size").asInt());
        assertFalse(Files.exists(Path.of("/", unique)));

        // a file over a directory is refused as dockerd does
        Files.createDirectories(host.resolve("clash"));
        Files.writeString(host.resolve("clash/sub"), "file");
        Commands.Result clash = daemon.docker("cp", host.resolve("clash/sub").toString(), "in1:/d/");
        assertEquals(1, clash.exitCode(), clash.stdout());
        assertTrue(clash.stderr().contains("cannot overwrite directory"), clash.stderr());
    }

    @Test
    void escapeAttemptsWriteNothingOnTheHost() throws Exception {
        Path target = Files.createDirectories(host.resolve("target"));
        daemon.docker("run", "-d", "--name", "esc1", "busybox", "sh", "-c",
                "mkdir /dest; busybox ln -s " + target + " /dest/hostlink; busybox ln -s / /dest/rootlink; touch /ready;"
                        + " exec sleep 300").assertSuccess();
        while (stat("esc1", "/ready") == null) {
            Thread.sleep(50);
        }
        // entries with ../ leading out of the root
        Path dotdot = tar(host, "dotdot.tar", Map.of("../../../../../../../../" + target + "/pwned", "x"), Map.of());
        String reply = put("esc1", "/dest", dotdot);
        assertTrue(reply.startsWith("500 ") && reply.contains("is outside of"), reply);
        // absolute names: inside the destination
        Path absolute = tar(host, "abs.tar", Map.of(target + "/abs", "x"), Map.of());
        assertEquals("200 ", put("esc1", "/dest", absolute));
        assertEquals(1, stat("esc1", "/dest" + target + "/abs").path("size").asInt());
        // the container's own symlink to a host path (which it does not have) and to its root
        Path plain = tar(host, "plain.tar", Map.of("viaLink", "x"), Map.of());
        String viaHostLink = put("esc1", "/dest/hostlink", plain);
        assertTrue(viaHostLink.startsWith("404 "), viaHostLink);
        // a link to a host path, then a file through it: the link is taken inside the container, where it
        // dangles, so the file has nowhere to go (moby's chrooted untar: "open ...: no such file or directory")
        Path linked = tar(host, "linked.tar", Map.of("lnk/through", "x"), Map.of("lnk", target.toString()));
        String throughLink = put("esc1", "/dest", linked);
        assertTrue(throughLink.startsWith("500 ") && throughLink.contains("open /dest/lnk/through: no such file or directory"),
                throughLink);
        assertEquals("200 ", put("esc1", "/dest/rootlink", plain));
        assertEquals(1, stat("esc1", "/viaLink").path("size").asInt());
        Path climbing = tar(host, "climbing.tar", Map.of(), Map.of("up", "../../../../../.."));
        assertTrue(put("esc1", "/dest", climbing).contains("invalid symlink"));

        try (var left = Files.list(target)) {
            assertEquals(List.of(), left.toList());
        }
        assertFalse(Files.exists(Path.of("/viaLink")));
        assertFalse(Files.exists(Path.of("/pwned")));
    }

    @Test
    void stoppedContainersBothWays() throws Exception {
        daemon.docker("create", "--name", "stop1", "busybox", "cat", "/tmp/in.txt").assertSuccess();
        Files.writeString(host.resolve("in.txt"), "copied before start\n");
        daemon.docker("cp", host.resolve("in.txt").toString(), "stop1:/tmp/").assertSuccess();
        assertEquals(20, stat("stop1", "/tmp/in.txt").path("size").asInt());
        Commands.Result run = daemon.docker("start", "-a", "stop1").assertSuccess();
        assertEquals("copied before start\n", run.stdout());
        // exited now
        daemon.docker("cp", "stop1:/tmp/in.txt", host.resolve("out.txt").toString()).assertSuccess();
        assertEquals("copied before start\n", Files.readString(host.resolve("out.txt")));
        // nothing stays mounted after the requests (the last one unmounts once its tar is sent)
        List<Path> left = List.of();
        for (int i = 0; i < 50; i++) {
            try (var l = Files.list(daemon.execRoot.resolve("archive-mounts"))) {
                left = l.toList();
            }
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(List.of(), left);
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(daemon.execRoot.resolve("archive-mounts").toString()));
    }

    @Test
    void readOnlyRootfsRefusesWrites() throws Exception {
        daemon.docker("create", "--name", "ro1", "--read-only", "busybox", "true").assertSuccess();
        Files.writeString(host.resolve("f"), "f");
        Commands.Result cp = daemon.docker("cp", host.resolve("f").toString(), "ro1:/tmp/");
        assertEquals(1, cp.exitCode());
        assertTrue(cp.stderr().contains("container rootfs is marked read-only"), cp.stderr());
        Path plain = tar(host, "plain.tar", Map.of("x", "x"), Map.of());
        assertEquals("403 {\"message\":\"container rootfs is marked read-only\"}", put("ro1", "/tmp", plain));
    }

    @Test
    void bindMountsAreReachedRunningAndStopped() throws Exception {
        Path data = Files.createDirectories(host.resolve("data"));
        daemon.docker("run", "-d", "--name", "bind1", "-v", data + ":/data", "busybox", "sleep", "300").assertSuccess();
        Files.writeString(host.resolve("f"), "f");
        daemon.docker("cp", host.resolve("f").toString(), "bind1:/data/running").assertSuccess();
        assertEquals("f", Files.readString(data.resolve("running")));
        daemon.docker("kill", "bind1").assertSuccess();
        daemon.docker("wait", "bind1");
        daemon.docker("cp", host.resolve("f").toString(), "bind1:/data/stopped").assertSuccess();
        assertEquals("f", Files.readString(data.resolve("stopped")));
    }

    @Test
    void exportStreamsTheRootFileSystem() throws Exception {
        runWithFiles("exp1");
        Path out = host.resolve("exp.tar");
        daemon.docker("export", "-o", out.toString(), "exp1").assertSuccess();
        List<String> names = tarNames(out);
        assertTrue(names.contains("bin/busybox"), names.toString());
        assertTrue(names.contains("etc/marker"), names.toString());
        assertTrue(names.contains("d/f"), names.toString());
        assertTrue(names.contains("d/etcl -> /etc"), names.toString());
        String listing = Commands.run("tar", "tf", out.toString()).assertSuccess().stdout();
        assertTrue(listing.contains("bin/busybox"), listing);
        daemon.docker("kill", "exp1").assertSuccess();
        daemon.docker("export", "-o", out.toString(), "exp1").assertSuccess();
        assertTrue(tarNames(out).contains("d/f"));
        assertEquals("{\"message\":\"No such container: nope\"}",
                daemon.curl("http://d/containers/nope/export").stdout().strip());
    }

    @Test
    void diffShowsAddedChangedDeleted() throws Exception {
        daemon.docker("run", "-d", "--name", "diff1", "busybox", "sh", "-c",
                "rm /etc/marker; echo x >> /etc/passwd; mkdir -p /d/sub; echo abc > /d/f; exec sleep 300").assertSuccess();
        for (int i = 0; i < 100 && stat("diff1", "/d/f") == null; i++) {
            Thread.sleep(50);
        }
        Thread.sleep(200);
        List<String> diff = lines(daemon.docker("diff", "diff1").assertSuccess().stdout());
        assertEquals(List.of("A /d", "A /d/f", "A /d/sub", "C /etc", "C /etc/passwd", "D /etc/marker"),
                diff.stream().sorted().toList());
        JsonNode raw = JSON.readTree(daemon.curl("http://d/containers/diff1/changes").stdout());
        assertTrue(raw.toString().contains("{\"Path\":\"/etc/marker\",\"Kind\":2}"), raw.toString());
        daemon.docker("kill", "diff1").assertSuccess();
        assertEquals(diff, lines(daemon.docker("diff", "diff1").assertSuccess().stdout()));

        daemon.docker("create", "--name", "diff2", "busybox", "true").assertSuccess();
        assertEquals("", daemon.docker("diff", "diff2").assertSuccess().stdout());
    }

    @Test
    void largeFileStreamsBothWays() throws Exception {
        daemon.docker("run", "-d", "--name", "big1", "busybox", "sleep", "300").assertSuccess();
        Path big = host.resolve("big.bin");
        byte[] block = new byte[1024 * 1024];
        new java.util.Random(7).nextBytes(block);
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 128; i++) {
                out.write(block);
            }
        }
        long t0 = System.nanoTime();
        daemon.docker("cp", big.toString(), "big1:/tmp/big.bin").assertSuccess();
        long t1 = System.nanoTime();
        daemon.docker("cp", "big1:/tmp/big.bin", host.resolve("back.bin").toString()).assertSuccess();
        long t2 = System.nanoTime();
        assertEquals(Files.size(big), Files.size(host.resolve("back.bin")));
        assertEquals(-1L, Files.mismatch(big, host.resolve("back.bin")));
        System.out.printf("docker cp 128 MiB in: %d ms, out: %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }
}
