package io.linnet.containerd.container;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Test support (the daemon's logs are written by libexec/linnet-log): Docker's json-file log: one JSON object per line, {@code {"log":"hi\n","stream":"stdout","time":"..."}},
 * a partial line without its trailing newline; rotated at max-size into max-file files
 * ({@code x-json.log}, {@code x-json.log.1}...). Writers share it: each entry is written whole.
 */
final class JsonFileLog implements Closeable {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Path path;
    private final long maxSize;
    private final int maxFiles;
    private OutputStream out;
    private long size;
    private final StringBuilder line = new StringBuilder(256);

    /**
     * @param maxSize  bytes after which the file is rotated; -1 for never (Docker's default)
     * @param maxFiles files kept, the current one included (at least 1)
     */
    JsonFileLog(Path path, long maxSize, int maxFiles) throws IOException {
        this.path = path;
        this.maxSize = maxSize;
        this.maxFiles = Math.max(1, maxFiles);
        ContainerFilesDir.create(path.getParent());
        this.out = open(path, StandardOpenOption.APPEND);
        this.size = Files.size(path);
    }

    /** The log file, created 0640 as dockerd's: a container's output is not for every local user to read. */
    private static OutputStream open(Path path, StandardOpenOption mode) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createFile(path);
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        }
        return Files.newOutputStream(path, StandardOpenOption.WRITE, mode);
    }

    /** One message: {@code text} ends with '\n' unless it is a partial line. */
    synchronized void write(String stream, byte[] data, int offset, int length, Instant time) throws IOException {
        line.setLength(0);
        line.append("{\"log\":\"");
        escape(new String(data, offset, length, StandardCharsets.UTF_8), line);
        line.append("\",\"stream\":\"").append(stream).append("\",\"time\":\"").append(rfc3339Nano(time)).append("\"}\n");
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        if (maxSize > 0 && size >= maxSize) {
            rotate();
        }
        out.write(bytes);
        out.flush();
        size += bytes.length;
    }

    private void rotate() throws IOException {
        out.close();
        if (maxFiles > 1) {
            for (int i = maxFiles - 1; i >= 1; i--) {
                Path from = i == 1 ? path : Path.of(path + "." + (i - 1));
                if (Files.exists(from)) {
                    Files.move(from, Path.of(path + "." + i), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            out = open(path, StandardOpenOption.APPEND);
        } else {
            out = open(path, StandardOpenOption.TRUNCATE_EXISTING);
        }
        size = 0;
    }

    /** Go's time.RFC3339Nano in UTC: nanoseconds without trailing zeros. */
    static String rfc3339Nano(Instant time) {
        StringBuilder s = new StringBuilder(SECONDS.format(time));
        int nanos = time.getNano();
        if (nanos != 0) {
            String digits = String.format("%09d", nanos);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            s.append('.').append(digits, 0, end);
        }
        return s.append('Z').toString();
    }

    /** JSON string escaping as moby's jsonlog writes it (HTML-safe, U+2028/2029 escaped). */
    static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
