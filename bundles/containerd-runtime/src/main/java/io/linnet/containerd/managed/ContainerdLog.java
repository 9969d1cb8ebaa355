package io.linnet.containerd.managed;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The managed containerd's log file: kept in the exec root (tmpfs), so it is bounded. */
final class ContainerdLog {

    static final long MAX_BYTES = 16L * 1024 * 1024;
    private static final int TAIL_BYTES = 4096;

    private ContainerdLog() {
    }

    /** Keeps one previous log when the current one grew too big. */
    static void rotate(Path log) throws IOException {
        if (Files.isRegularFile(log) && Files.size(log) > MAX_BYTES) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The last lines, for error messages when containerd fails to start. */
    static String tail(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            return start > 0 && text.indexOf('\n') >= 0 ? text.substring(text.indexOf('\n') + 1) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
