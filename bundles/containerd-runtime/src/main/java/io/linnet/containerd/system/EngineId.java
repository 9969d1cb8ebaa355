package io.linnet.containerd.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** The daemon's stable id: generated once, kept in {@code <dataRoot>/engine-id}. */
final class EngineId {

    static final String FILE_NAME = "engine-id";

    private EngineId() {
    }

    static String loadOrCreate(Path dataRoot) {
        Path file = dataRoot.resolve(FILE_NAME);
        try {
            if (Files.isRegularFile(file)) {
                String id = Files.readString(file).trim();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            String id = UUID.randomUUID().toString();
            Files.createDirectories(dataRoot);
            // write then rename: a crash never leaves an empty or half-written id
            Path temporary = Files.createTempFile(dataRoot, FILE_NAME, ".tmp");
            Files.writeString(temporary, id + "\n");
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the engine id in " + file + ": " + e.getMessage(), e);
        }
    }
}
