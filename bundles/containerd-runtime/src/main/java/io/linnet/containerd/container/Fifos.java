package io.linnet.containerd.container;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The FIFOs of a task's stdio, in a directory of their own under the exec root
 * ({@code <execRoot>/containers/<id>/}). The shim opens the write side of stdout/stderr and the
 * read side of stdin; the daemon the other ends.
 *
 * @param stdin  null when the container has no stdin
 * @param stderr null for a terminal (its output is all on stdout)
 */
record Fifos(Path dir, Path stdin, Path stdout, Path stderr) {

    static Fifos create(Path dir, String prefix, boolean withStdin) throws IOException {
        return create(dir, prefix, withStdin, true);
    }

    /** Without {@code withStderr} (a terminal: one stream), {@link #stderr()} is null. */
    static Fifos create(Path dir, String prefix, boolean withStdin, boolean withStderr) throws IOException {
        Files.createDirectories(dir);
        Fifos fifos = new Fifos(dir, withStdin ? dir.resolve(prefix + "-stdin") : null,
                dir.resolve(prefix + "-stdout"), withStderr ? dir.resolve(prefix + "-stderr") : null);
        try {
            for (Path p : fifos.paths()) {
                Files.deleteIfExists(p);
                Mkfifo.create(p, 0600);
            }
        } catch (IOException e) {
            fifos.delete();
            throw e;
        }
        return fifos;
    }

    List<Path> paths() {
        List<Path> paths = new ArrayList<>();
        if (stdin != null) {
            paths.add(stdin);
        }
        paths.add(stdout);
        if (stderr != null) {
            paths.add(stderr);
        }
        return paths;
    }

    /**
     * Wakes a reader blocked in open(2) on a FIFO no writer will ever open (the task was never
     * created): an O_RDWR open never blocks on Linux, and closing it gives the reader end-of-file.
     */
    static void unblock(Path fifo) {
        try (RandomAccessFile ignored = new RandomAccessFile(fifo.toFile(), "rw")) {
            // opened and closed
        } catch (IOException e) {
            // gone already: nobody waits on it
        }
    }

    void delete() {
        for (Path p : paths()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort
            }
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException notEmpty) {
            // other files of the container live there
        }
    }
}
