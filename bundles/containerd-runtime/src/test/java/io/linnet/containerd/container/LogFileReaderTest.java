package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linnet.engine.api.container.ContainerService.LogOptions;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What {@code docker logs} shows from a json-file log, with rotation, stream, since and tail. */
@Timeout(60)
class LogFileReaderTest {
    private static final Instant T0 = Instant.parse("2024-01-02T03:04:05Z");

    @TempDir
    Path dir;

    /** Writes entries "0".."n-1" (stderr for multiples of 3) one second apart, rotating at maxSize. */
    private Path log(int n, long maxSize, int maxFiles) throws Exception {
        Path file = dir.resolve("c-json.log");
        try (JsonFileLog log = new JsonFileLog(file, maxSize, maxFiles)) {
            for (int i = 0; i < n; i++) {
                byte[] line = (i + "\n").getBytes(StandardCharsets.UTF_8);
                log.write(i % 3 == 0 ? "stderr" : "stdout", line, 0, line.length, T0.plusSeconds(i));
            }
        }
        return file;
    }

    private static List<String> read(Path file, LogOptions options) throws Exception {
        List<String> out = new ArrayList<>();
        LogFileReader.read(file, options, (stream, time, data) -> {
            out.add((stream.equals("stderr") ? "E" : "") + new String(data, StandardCharsets.UTF_8).trim());
            return true;
        }, () -> false);
        return out;
    }

    private static LogOptions tail(int n) {
        return new LogOptions(true, true, false, 0, 0, n);
    }

    private static long nanos(int second) {
        Instant t = T0.plusSeconds(second);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Test
    void allEntriesOrATailAcrossRotatedFiles() throws Exception {
        Path file = log(100, 400, 5);
        List<String> all = read(file, tail(-1));
        int first = Integer.parseInt(all.get(0).replace("E", ""));
        assertEquals(100 - first, all.size(), "older entries rotated away: " + all);
        assertEquals("E99", all.get(all.size() - 1));
        // A tail larger than one file spans the rotated ones, in order.
        assertEquals(all.subList(all.size() - 25, all.size()), read(file, tail(25)));
        assertEquals(List.of("97", "98", "E99"), read(file, tail(3)));
        assertEquals(List.of(), read(file, tail(0)));
        assertEquals(all, read(file, tail(100_000)));
    }

    @Test
    void tailCountsTheEntriesOfTheSelectedStreamWithinSinceAndUntil() throws Exception {
        Path file = log(30, -1, 1);
        assertEquals(List.of("E21", "E24", "E27"), read(file, new LogOptions(false, true, false, 0, 0, 3)));
        assertEquals(List.of("25", "26", "28", "29"), read(file, new LogOptions(true, false, false, 0, 0, 4)));
        assertEquals(List.of("E27", "28", "29"), read(file, new LogOptions(true, true, false, nanos(27), 0, 10)));
        assertEquals(List.of("8", "E9", "10"), read(file, new LogOptions(true, true, false, nanos(5), nanos(10), 3)));
    }

    @Test
    void anUnfinishedLastLineIsLeftForFollow() throws Exception {
        Path file = log(5, -1, 1);
        Files.write(file, "{\"log\":\"half".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of("E3", "4"), read(file, tail(2)));
    }

    @Test
    void followAfterATailGoesOnFromTheEndOfTheCurrentFile() throws Exception {
        Path file = log(10, -1, 1);
        List<String> out = new ArrayList<>();
        AtomicInteger polls = new AtomicInteger();
        LogFileReader.read(file, new LogOptions(true, true, true, 0, 0, 2), (stream, time, data) -> {
            out.add(new String(data, StandardCharsets.UTF_8).trim());
            return true;
        }, () -> {
            if (polls.getAndIncrement() == 0) {
                try (JsonFileLog log = new JsonFileLog(file, -1, 1)) {
                    byte[] line = "late\n".getBytes(StandardCharsets.UTF_8);
                    log.write("stdout", line, 0, line.length, T0.plusSeconds(100));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return true;
            }
            return false;
        });
        assertEquals(List.of("8", "9", "late"), out);
    }

    @Test
    void aFollowerThatLagsSeveralRotationsBehindReadsEveryFileInOrder() throws Exception {
        Path file = log(3, 400, 10);
        List<String> out = new ArrayList<>();
        AtomicInteger polls = new AtomicInteger();
        LogFileReader.read(file, new LogOptions(true, true, true, 0, 0, -1), (stream, time, data) -> {
            out.add(new String(data, StandardCharsets.UTF_8).trim());
            return true;
        }, () -> {
            if (polls.getAndIncrement() == 0) {
                // the writer goes through several rotations before the follower looks again
                try (JsonFileLog log = new JsonFileLog(file, 400, 10)) {
                    for (int i = 3; i < 60; i++) {
                        byte[] line = (i + "\n").getBytes(StandardCharsets.UTF_8);
                        log.write("stdout", line, 0, line.length, T0.plusSeconds(i));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return true;
            }
            return false;
        });
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            expected.add(Integer.toString(i));
        }
        assertEquals(expected, out);
        assertEquals(true, Files.exists(dir.resolve("c-json.log.3")), "the test rotated more than once");
    }

    /**
     * The tail is read from the end: a log whose head is a 4 GiB hole (sparse, no disk used) answers
     * at once; reading it from the start would take minutes.
     */
    @Test
    void aTailReadsOnlyTheEndOfAHugeLog() throws Exception {
        Path file = dir.resolve("c-json.log");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(4L << 30);
        }
        Files.write(file, "\n".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        try (JsonFileLog log = new JsonFileLog(file, -1, 1)) {
            for (int i = 0; i < 5; i++) {
                byte[] line = (i + "\n").getBytes(StandardCharsets.UTF_8);
                log.write("stdout", line, 0, line.length, T0.plusSeconds(i));
            }
        }
        long start = System.nanoTime();
        assertEquals(List.of("2", "3", "4"), read(file, tail(3)));
        long ms = (System.nanoTime() - start) / 1_000_000;
        org.junit.jupiter.api.Assertions.assertTrue(ms < 5_000, "took " + ms + " ms");
    }
}
