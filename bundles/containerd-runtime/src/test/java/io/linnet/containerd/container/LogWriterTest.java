package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native log writer (src/main/c/linnet-log.c, built into target/native by the module's build)
 * as the daemon drives it: the json-file entries dockerd's json-file driver writes for the same
 * output, rotation, and the attach frames.
 */
@Timeout(60)
class LogWriterTest {
    static final Path BUILT = Path.of("target/native/linnet-log");

    @TempDir
    Path dir;

    private record Run(LogWriter writer, Fifos fifos, Path log) {
    }

    private Run start(LogSettings settings) throws Exception {
        LogWriter writer = new LogWriter(BUILT, dir.resolve("logs"));
        Fifos fifos = Fifos.create(dir.resolve("fifos"), "init", false);
        Path log = dir.resolve("c").resolve("c-json.log");
        writer.start("c0ffee", fifos, log, settings);
        return new Run(writer, fifos, log);
    }

    private static List<JsonNode> entries(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(ContainerRecords.MAPPER.readTree(line));
        }
        return out;
    }

    @Test
    void entriesAreDockerdsJsonFileEntriesByteForByte() throws Exception {
        Run run = start(new LogSettings(LogSettings.JSON_FILE, -1, 1));
        try (OutputStream out = new FileOutputStream(run.fifos().stdout().toFile());
                OutputStream err = new FileOutputStream(run.fifos().stderr().toFile())) {
            out.write("plain\n".getBytes(StandardCharsets.UTF_8));
            // Go's encoding/json as moby's jsonlog writes it: HTML-safe, \\u00XX controls (also tab),
            // U+2028 escaped, invalid UTF-8 as U+FFFD, valid multi-byte text as it is
            out.write(new byte[] {'a', '\t', '<', '>', '&', '"', '\\', (byte) 0xE2, (byte) 0x80, (byte) 0xA8, ' ',
                    (byte) 0xC3, (byte) 0xA9, ' ', (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80, 1, '\r', '\n'});
            out.write("x".repeat(40_000).getBytes(StandardCharsets.UTF_8));
            out.write("\n".getBytes(StandardCharsets.UTF_8));
            err.write("on stderr\n".getBytes(StandardCharsets.UTF_8));
            out.write("no newline at the end".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(run.writer().awaitEnd("c0ffee", Duration.ofSeconds(10)), "the writer ends with its input");
        List<String> lines = Files.readAllLines(run.log(), StandardCharsets.UTF_8);
        List<String> stdout = lines.stream().filter(l -> l.contains("\"stream\":\"stdout\"")).toList();
        String time = "\",\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d*[1-9])?Z\"}";
        assertTrue(stdout.get(0).matches("\\{\"log\":\"plain\\\\n\",\"stream\":\"stdout" + time), stdout.get(0));
        assertEquals("{\"log\":\"a\\u0009\\u003c\\u003e\\u0026\\\"\\\\\\u2028 \u00e9 \\ufffd\\ufffd\\ufffd\\ufffd\\u0001\\r\\n\"",
                stdout.get(1).substring(0, stdout.get(1).indexOf(",\"stream\"")));
        // a line longer than 16 KiB: pieces of 16 KiB without newline, the last with it, one time for all
        List<JsonNode> pieces = entries(run.log()).stream().filter(n -> n.path("log").asText().startsWith("x")).toList();
        assertEquals(List.of(16384, 16384, 7233), pieces.stream().map(n -> n.path("log").asText().length()).toList());
        assertEquals(1, pieces.stream().map(n -> n.path("time").asText()).distinct().count());
        assertTrue(stdout.get(stdout.size() - 1).startsWith("{\"log\":\"no newline at the end\",\"stream\":\"stdout\""));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\{\"log\":\"on stderr\\\\n\",\"stream\":\"stderr" + time)));
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(run.log())));
    }

    @Test
    void aLongLineIsNeverSplitInsideACharacter() throws Exception {
        Run run = start(new LogSettings(LogSettings.JSON_FILE, -1, 1));
        String line = "\u00e9".repeat(30_000) + "\n";
        try (OutputStream out = new FileOutputStream(run.fifos().stdout().toFile())) {
            new FileOutputStream(run.fifos().stderr().toFile()).close();
            out.write(line.getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(run.writer().awaitEnd("c0ffee", Duration.ofSeconds(10)));
        List<JsonNode> pieces = entries(run.log());
        assertEquals(4, pieces.size(), "pieces of at most 16 KiB");
        assertEquals(line, pieces.stream().map(n -> n.path("log").asText()).reduce("", String::concat),
                "the pieces join into what was written, no U+FFFD");
    }

    @Test
    void rotatesAtMaxSizeKeepingMaxFilesAsDockerd() throws Exception {
        Run run = start(new LogSettings(LogSettings.JSON_FILE, 1000, 3));
        try (OutputStream out = new FileOutputStream(run.fifos().stdout().toFile())) {
            new FileOutputStream(run.fifos().stderr().toFile()).close();
            for (int i = 0; i < 200; i++) {
                out.write((i + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertTrue(run.writer().awaitEnd("c0ffee", Duration.ofSeconds(10)));
        Path one = Path.of(run.log() + ".1");
        Path two = Path.of(run.log() + ".2");
        assertTrue(Files.exists(two) && !Files.exists(Path.of(run.log() + ".3")));
        for (Path rotated : List.of(one, two)) {
            long size = Files.size(rotated);
            assertTrue(size >= 1000 && size < 1100, rotated + " holds " + size + " bytes");
        }
        List<Integer> kept = new ArrayList<>();
        for (Path p : List.of(two, one, run.log())) {
            entries(p).forEach(n -> kept.add(Integer.parseInt(n.path("log").asText().trim())));
        }
        assertEquals(199, kept.get(kept.size() - 1));
        for (int i = 1; i < kept.size(); i++) {
            assertEquals(kept.get(i - 1) + 1, kept.get(i), "in order, none missing: " + kept);
        }
    }

    @Test
    void attachedClientsGetTheRawOutputAsFrames() throws Exception {
        Run run = start(new LogSettings(LogSettings.NONE, -1, 1));
        try (SocketChannel client = run.writer().connect("c0ffee")) {
            try (OutputStream out = new FileOutputStream(run.fifos().stdout().toFile());
                    OutputStream err = new FileOutputStream(run.fifos().stderr().toFile())) {
                out.write("partial".getBytes(StandardCharsets.UTF_8));
                out.flush();
                err.write("e\n".getBytes(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            ByteBuffer header = ByteBuffer.allocate(8);
            while (fill(client, header.clear())) {
                ByteBuffer payload = ByteBuffer.allocate(header.getInt(4));
                assertTrue(fill(client, payload));
                (header.get(0) == 2 ? stderr : stdout).write(payload.array());
            }
            assertArrayEquals("partial".getBytes(StandardCharsets.UTF_8), stdout.toByteArray());
            assertArrayEquals("e\n".getBytes(StandardCharsets.UTF_8), stderr.toByteArray());
        }
        assertTrue(!Files.exists(run.log()), "the none driver keeps nothing");
    }

    private static boolean fill(SocketChannel channel, ByteBuffer buffer) throws Exception {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }
}
