package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linnet.engine.api.container.ContainerService.LogOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerRecordsTest {

    @TempDir
    Path dir;

    @Test
    void storedStateRoundTrips() {
        Instant start = Instant.parse("2026-11-28T01:02:03.123456789Z");
        var s = ContainerRecords.Stored.created().started(start).exited(137, start.plusSeconds(5), false);
        var back = ContainerRecords.Stored.parse(s.json());
        assertEquals(s, back);
        assertEquals("exited", back.status());
        assertEquals("created", ContainerRecords.Stored.parse(null).status());
    }

    @Test
    void metaRoundTrips() {
        var m = new ContainerRecords.Meta("sh", List.of("-c", "exit 3"), false, true, true, true, 5, "SIGQUIT");
        assertEquals(m, ContainerRecords.Meta.parse(m.json().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void namePattern() {
        assertEquals("/web.1_x-y", ContainerNames.checked("web.1_x-y"));
        assertThrows(io.linnet.engine.api.InvalidParameterException.class, () -> ContainerNames.checked("w"));
        assertThrows(io.linnet.engine.api.InvalidParameterException.class, () -> ContainerNames.checked(".web"));
        assertTrue(Ids.newId().matches("[0-9a-f]{64}"));
    }

    @Test
    void logReaderSelectsStreamsAndTail() throws Exception {
        Path log = dir.resolve("x-json.log");
        try (JsonFileLog w = new JsonFileLog(log, -1, 1)) {
            for (int i = 1; i <= 5; i++) {
                byte[] line = ("line" + i + "\n").getBytes(StandardCharsets.UTF_8);
                w.write(i % 2 == 0 ? "stderr" : "stdout", line, 0, line.length, Instant.now());
            }
        }
        List<String> seen = new ArrayList<>();
        LogFileReader.read(log, new LogOptions(true, true, false, 0, 0, 2), (s, t, d) -> seen.add(s + ":" +
                new String(d, StandardCharsets.UTF_8).trim()), () -> false);
        assertEquals(List.of("stderr:line4", "stdout:line5"), seen);
        seen.clear();
        LogFileReader.read(log, new LogOptions(true, false, true, 0, 0, -1), (s, t, d) -> seen.add(
                new String(d, StandardCharsets.UTF_8).trim()), () -> false);
        assertEquals(List.of("line1", "line3", "line5"), seen);
        assertTrue(Files.size(log) > 0);
    }
}
