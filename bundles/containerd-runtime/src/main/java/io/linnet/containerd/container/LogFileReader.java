package io.linnet.containerd.container;

import io.linnet.engine.api.container.ContainerService.LogOptions;
import io.linnet.engine.api.container.ContainerService.LogSink;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Reads a json-file log back (rotated files first), with Docker's stdout/stderr, since/until and
 * tail selection; with follow, goes on with what the log writer adds, across rotations, woken by
 * inotify (a {@link WatchService} on the log's directory), until the container has stopped and
 * its writer has ended.
 */
final class LogFileReader {

    private static final int MAX_ROTATED = 9;
    /** The stdout and stderr copiers stamp their entries apart: allow them to be this much out of order. */
    private static final long SINCE_SLACK_NANOS = 1_000_000_000L;
    /** A quiet follow checks this often whether the container still runs (writes wake it at once). */
    private static final long QUIET_CHECK_MILLIS = 1_000;

    private LogFileReader() {
    }

    /** One log entry. */
    record Entry(String stream, long timeNanos, byte[] data) {
    }

    /** @param running whether more may still be written (the container runs or its writer has not ended) */
    static void read(Path path, LogOptions options, LogSink sink, BooleanSupplier running) throws IOException {
        WatchService watch = null;
        try {
            if (options.follow() && Files.isDirectory(path.getParent())) {
                // watching starts before reading: nothing written in between goes unnoticed
                watch = path.getFileSystem().newWatchService();
                path.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
            }
            LogLines current = LogLines.open(path);
            try {
                if (options.tail() >= 0) {
                    long end = tail(path, options, sink);
                    if (end < 0) {
                        return;
                    }
                    if (current != null) {
                        current.seek(end);
                    }
                } else {
                    for (Path file : rotated(path)) {
                        try (LogLines old = LogLines.open(file)) {
                            if (old != null && !old.next(options, sink)) {
                                return;
                            }
                        }
                    }
                    if (current != null && !current.next(options, sink)) {
                        return;
                    }
                }
                sink.idle();
                if (watch != null) {
                    follow(path, current, options, sink, running, watch);
                    current = null; // closed by follow
                }
            } finally {
                if (current != null) {
                    current.close();
                }
            }
        } finally {
            if (watch != null) {
                watch.close();
            }
        }
    }

    private static void follow(Path path, LogLines current, LogOptions options, LogSink sink, BooleanSupplier running,
            WatchService watch) throws IOException {
        try {
            boolean ended = false;
            while (true) {
                long before = current == null ? -1 : current.position();
                if (current != null && !current.next(options, sink)) {
                    return;
                }
                LogLines replaced = current == null ? LogLines.open(path) : current.successor(path);
                if (replaced != null) {
                    // rotated: the old file is complete once renamed, read what it got last, go on in the new one
                    if (current != null) {
                        boolean more = current.next(options, sink);
                        current.close();
                        if (!more) {
                            replaced.close();
                            return;
                        }
                    }
                    current = replaced;
                    continue;
                }
                if (current != null && current.position() != before) {
                    continue;
                }
                if (ended) {
                    return; // read once more after the writer had ended: that was all
                }
                if (!running.getAsBoolean()) {
                    ended = true;
                    continue;
                }
                sink.idle();
                try {
                    WatchKey key = watch.poll(QUIET_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                    if (key != null) {
                        key.pollEvents();
                        key.reset();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            if (current != null) {
                current.close();
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
     * on into the rotated ones only as far as needed. Returns where the complete lines of the
     * current file end (following goes on there), -1 when the sink declined.
     */
    private static long tail(Path path, LogOptions options, LogSink sink) throws IOException {
        Deque<Entry> picked = new ArrayDeque<>();
        long end = 0;
        List<Path> newestFirst = new ArrayList<>(rotated(path));
        java.util.Collections.reverse(newestFirst);
        newestFirst.add(0, path);
        boolean done = options.tail() == 0;
        for (int f = 0; f < newestFirst.size() && !done; f++) {
            Path file = newestFirst.get(f);
            if (!Files.exists(file)) {
                continue;
            }
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                ReverseLines lines = new ReverseLines(raf);
                if (f == 0) {
                    end = lines.end();
                }
                byte[] line;
                while (!done && (line = lines.previous()) != null) {
                    Entry e = JsonLogLine.parse(line);
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
        }
        for (Entry e : picked) {
            if (!sink.accept(e.stream(), e.timeNanos(), e.data())) {
                return -1;
            }
        }
        return end;
    }

    static boolean selected(Entry e, LogOptions o) {
        if ("stdout".equals(e.stream()) ? !o.stdout() : !o.stderr()) {
            return false;
        }
        if (o.since() > 0 && e.timeNanos() < o.since()) {
            return false;
        }
        return o.until() <= 0 || e.timeNanos() <= o.until();
    }

}
