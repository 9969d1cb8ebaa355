package io.linnet.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** dockerd's pid file: refuses to start while the recorded process lives, removed at exit. */
final class PidFile {
    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    static PidFile create(Path path) throws IOException {
        if (Files.exists(path)) {
            String recorded = Files.readString(path).trim();
            if (!recorded.isEmpty() && recorded.chars().allMatch(Character::isDigit)
                    && ProcessHandle.of(Long.parseLong(recorded)).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalStateException("pid file found, ensure linnetd is not running or delete " + path);
            }
        }
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        Files.writeString(path, Long.toString(ProcessHandle.current().pid()));
        return new PidFile(path);
    }

    void remove() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Nothing to do at exit; the next start checks whether the pid still lives.
        }
    }
}
