package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonFileLogTest {

    @TempDir
    Path dir;

    private static List<JsonNode> read(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(new ObjectMapper().readTree(line));
        }
        return out;
    }

    @Test
    void logsAndTheirDirectoriesAreNotForEveryone() throws Exception {
        Path file = dir.resolve("containers/c1/c1-json.log");
        try (JsonFileLog log = new JsonFileLog(file, 10, 2)) {
            log.write("stdout", "more than ten bytes\n".getBytes(), 0, 20, Instant.now());
            log.write("stdout", "again, rotated\n".getBytes(), 0, 15, Instant.now());
        }
        // dockerd's modes: containers/ and containers/<id> 0710, the log 0640, also after a rotation
        assertEquals("rwx--x---", mode(dir.resolve("containers")));
        assertEquals("rwx--x---", mode(dir.resolve("containers/c1")));
        assertEquals("rw-r-----", mode(file));
        assertEquals("rw-r-----", mode(Path.of(file + ".1")));
    }

    private static String mode(Path p) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void linesPartialLinesAndDockerTimestamps() throws Exception {
        Path file = dir.resolve("c-json.log");
        byte[] longLine = new byte[40 * 1024];
        java.util.Arrays.fill(longLine, (byte) 'x');
        try (JsonFileLog log = new JsonFileLog(file, -1, 1)) {
            LogCopier copier = new LogCopier("c", "stdout", file, log);
            byte[] input = ("a\n<b>\"\n" + new String(longLine) + "\ntail").getBytes();
            assertEquals(input.length, copier.copy(new ByteArrayInputStream(input)));
        }
        List<JsonNode> lines = read(file);
        assertEquals("a\n", lines.get(0).path("log").asText());
        assertEquals("<b>\"\n", lines.get(1).path("log").asText());
        assertTrue(Files.readAllLines(file).get(1).contains("\\u003cb\\u003e\\\""), Files.readAllLines(file).get(1));
        assertEquals(16384, lines.get(2).path("log").asText().length()); // partial: no newline
        assertEquals(16384, lines.get(3).path("log").asText().length());
        assertEquals(40 * 1024 - 32768 + 1, lines.get(4).path("log").asText().length());
        assertEquals("tail", lines.get(5).path("log").asText());
        assertEquals(6, lines.size());
        assertTrue(Files.readAllLines(file).get(0).startsWith("{\"log\":\"a\\n\",\"stream\":\"stdout\",\"time\":\""));
        assertEquals("2024-01-02T03:04:05.1Z", JsonFileLog.rfc3339Nano(Instant.parse("2024-01-02T03:04:05.100Z")));
        assertEquals("2024-01-02T03:04:05Z", JsonFileLog.rfc3339Nano(Instant.parse("2024-01-02T03:04:05Z")));
        assertEquals("2024-01-02T03:04:05.123456789Z", JsonFileLog.rfc3339Nano(Instant.parse("2024-01-02T03:04:05.123456789Z")));
    }

    @Test
    void rotatesByMaxSizeKeepingMaxFiles() throws Exception {
        Path file = dir.resolve("r-json.log");
        try (JsonFileLog log = new JsonFileLog(file, 200, 3)) {
            for (int i = 0; i < 20; i++) {
                byte[] line = ("line " + i + "\n").getBytes();
                log.write("stderr", line, 0, line.length, Instant.now());
            }
        }
        assertTrue(Files.exists(file));
        assertTrue(Files.exists(Path.of(file + ".1")));
        assertTrue(Files.exists(Path.of(file + ".2")));
        assertFalse(Files.exists(Path.of(file + ".3")));
        assertTrue(Files.size(Path.of(file + ".1")) < 300);
        List<JsonNode> current = read(file);
        assertEquals("line 19\n", current.get(current.size() - 1).path("log").asText());
        assertEquals("stderr", current.get(0).path("stream").asText());
    }
}
