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

    private LogFileReader() {
    }

    /** One log entry. */
    record Entry(String stream, long timeNanos, byte[] data) {
    }

    static void read(Path path, LogOptions options, LogSink sink, BooleanSupplier running) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 9; i >= 1; i--) {
            Path rotated = path.resolveSibling(path.getFileName() + "." + i);
            if (Files.exists(rotated)) {
                files.add(rotated);
            }
        }
        Deque<Entry> tail = options.tail() >= 0 ? new ArrayDeque<>() : null;
        long position = 0;
        for (Path file : files) {
            readFrom(file, 0, options, tail, sink);
        }
        if (Files.exists(path)) {
            position = readFrom(path, 0, options, tail, sink);
        }
        if (tail != null) {
            for (Entry e : tail) {
                if (!sink.accept(e.stream(), e.timeNanos(), e.data())) {
                    return;
                }
            }
        }
        if (!options.follow()) {
            return;
        }
        while (true) {
            boolean live = running.getAsBoolean();
            long next = Files.exists(path) ? readFrom(path, position, options, null, sink) : position;
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

    /** Reads complete lines from {@code offset}; returns the offset after the last one, -1 when the sink declined. */
    private static long readFrom(Path file, long offset, LogOptions options, Deque<Entry> tail, LogSink sink)
            throws IOException {
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
                for (int i = 0; i < n; i++) {
                    pos++;
                    if (buffer[i] == '\n') {
                        Entry e = parse(line.toByteArray());
                        line.reset();
                        consumed = pos;
                        if (e == null || !selected(e, options)) {
                            continue;
                        }
                        if (tail != null) {
                            tail.addLast(e);
                            if (tail.size() > options.tail()) {
                                tail.removeFirst();
                            }
                        } else if (!sink.accept(e.stream(), e.timeNanos(), e.data())) {
                            return -1;
                        }
                    } else {
                        line.write(buffer[i]);
                    }
                }
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
