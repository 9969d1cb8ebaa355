package io.linnet.containerd.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.linnet.engine.api.container.ContainerService.LogOptions;
import io.linnet.engine.api.container.ContainerService.LogSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Reads a json-file log back (rotated files first), with Docker's stdout/stderr, since/until and
 * tail selection; with follow, keeps reading new entries until the container stops.
 */
final class LogFileReader {

    private static final long POLL_MILLIS = 100;
    private static final int MAX_ROTATED = 9;
    /** The stdout and stderr copiers stamp their entries apart: allow them to be this much out of order. */
    private static final long SINCE_SLACK_NANOS = 1_000_000_000L;

    private LogFileReader() {
    }

    /** One log entry. */
    record Entry(String stream, long timeNanos, byte[] data) {
    }

    static void read(Path path, LogOptions options, LogSink sink, BooleanSupplier running) throws IOException {
        long position;
        if (options.tail() >= 0) {
            position = tail(path, options, sink);
        } else {
            for (Path file : rotated(path)) {
                if (readFrom(file, 0, options, sink) < 0) {
                    return;
                }
            }
            position = Files.exists(path) ? readFrom(path, 0, options, sink) : 0;
        }
        if (position < 0) {
            return; // the sink declined
        }
        if (!options.follow()) {
            return;
        }
        while (true) {
            boolean live = running.getAsBoolean();
            long next = Files.exists(path) ? readFrom(path, position, options, sink) : position;
            if (next < 0) {
                return; // the sink declined
            }
            if (next == position && !live) {
                return;
            }
            position = next;
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The rotated files, oldest first. */
    private static List<Path> rotated(Path path) {
        List<Path> files = new ArrayList<>();
        for (int i = MAX_ROTATED; i >= 1; i--) {
            Path rotated = path.resolveSibling(path.getFileName() + "." + i);
            if (Files.exists(rotated)) {
                files.add(rotated);
            }
        }
        return files;
    }

    /**
     * The last {@code tail} selected entries, read backwards from the end of the current file and
     * on into the rotated ones only as far as needed. Returns where following goes on in the
     * current file, -1 when the sink declined.
     */
    private static long tail(Path path, LogOptions options, LogSink sink) throws IOException {
        Deque<Entry> picked = new ArrayDeque<>();
        long position = 0;
        List<Path> newestFirst = new ArrayList<>(rotated(path));
        java.util.Collections.reverse(newestFirst);
        newestFirst.add(0, path);
        boolean done = options.tail() == 0;
        for (int f = 0; f < newestFirst.size(); f++) {
            Path file = newestFirst.get(f);
            if (!Files.exists(file)) {
                continue;
            }
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                ReverseLines lines = new ReverseLines(raf);
                if (f == 0) {
                    position = lines.end();
                }
                byte[] line;
                while (!done && (line = lines.previous()) != null) {
                    Entry e = parse(line);
                    if (e == null) {
                        continue;
                    }
                    if (options.since() > 0 && e.timeNanos() < options.since() - SINCE_SLACK_NANOS) {
                        done = true; // everything further back is older still
                    } else if (selected(e, options)) {
                        picked.addFirst(e);
                        done = picked.size() >= options.tail();
                    }
                }
            }
            if (done) {
                break;
            }
        }
        for (Entry e : picked) {
            if (!sink.accept(e.stream(), e.timeNanos(), e.data())) {
                return -1;
            }
        }
        return position;
    }

    /** Reads complete lines from {@code offset}; returns the offset after the last one, -1 when the sink declined. */
    private static long readFrom(Path file, long offset, LogOptions options, LogSink sink) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() < offset) {
                offset = 0; // rotated under us
            }
            raf.seek(offset);
            byte[] buffer = new byte[64 * 1024];
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long consumed = offset;
            long pos = offset;
            int n;
            while ((n = raf.read(buffer)) > 0) {
                int lineStart = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != '\n') {
                        continue;
                    }
                    line.write(buffer, lineStart, i - lineStart);
                    lineStart = i + 1;
                    consumed = pos + i + 1;
                    Entry e = parse(line.toByteArray());
                    line.reset();
                    if (e != null && selected(e, options) && !sink.accept(e.stream(), e.timeNanos(), e.data())) {
                        return -1;
                    }
                }
                line.write(buffer, lineStart, n - lineStart);
                pos += n;
            }
            return consumed;
        }
    }

    private static boolean selected(Entry e, LogOptions o) {
        if ("stdout".equals(e.stream()) ? !o.stdout() : !o.stderr()) {
            return false;
        }
        if (o.since() > 0 && e.timeNanos() < o.since()) {
            return false;
        }
        return o.until() <= 0 || e.timeNanos() <= o.until();
    }

    static Entry parse(byte[] json) {
        if (json.length == 0) {
            return null;
        }
        try {
            JsonNode n = ContainerRecords.MAPPER.readTree(json);
            Instant t = Instant.parse(n.path("time").asText());
            return new Entry(n.path("stream").asText("stdout"), t.getEpochSecond() * 1_000_000_000L + t.getNano(),
                    n.path("log").asText("").getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
