package io.linnet.builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Build cache metadata under {@code <dataRoot>/builder/cache}: a step's key (parent image,
 * instruction after substitution, digest of its inputs) names a file holding the image ID it made,
 * then (one a line) when it was made, last used, how often used, and the step's description.
 * Files of one line (the first format) still read as records.
 */
final class BuildCache {
    private final Path dir;

    BuildCache(Path dataRoot) {
        this.dir = dataRoot.resolve("builder").resolve("cache");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the build cache under " + dataRoot, e);
        }
    }

    /** One stored record. */
    record Entry(String key, String imageId, Instant createdAt, Instant lastUsedAt, long usageCount,
            String description) {
        String serialize() {
            return imageId + "\n" + createdAt.toEpochMilli() + "\n" + lastUsedAt.toEpochMilli() + "\n" + usageCount
                    + "\n" + description.replace('\n', ' ') + "\n";
        }

        static Entry parse(String key, String text, Instant modified) {
            String[] lines = text.split("\n", -1);
            String imageId = lines[0].strip();
            if (lines.length < 5) {
                return new Entry(key, imageId, modified, modified, 0, "");
            }
            return new Entry(key, imageId, Instant.ofEpochMilli(Long.parseLong(lines[1].strip())),
                    Instant.ofEpochMilli(Long.parseLong(lines[2].strip())), Long.parseLong(lines[3].strip()),
                    lines[4]);
        }
    }

    static String key(String parentImageId, String instruction, String inputs) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((parentImageId + "\n" + instruction + "\n" + inputs).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The image a step made earlier; a hit counts as a use of the record. */
    Optional<String> get(String key) {
        Optional<Entry> entry = read(key);
        entry.ifPresent(e -> {
            try {
                write(new Entry(key, e.imageId(), e.createdAt(), Instant.now(), e.usageCount() + 1, e.description()));
            } catch (IOException ignored) {
                // the use is not counted; the hit stands
            }
        });
        return entry.map(Entry::imageId);
    }

    void put(String key, String imageId) {
        put(key, imageId, "");
    }

    void put(String key, String imageId, String description) {
        Instant now = Instant.now();
        try {
            write(new Entry(key, imageId, now, now, 0, description == null ? "" : description));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build cache", e);
        }
    }

    /** Every record (files being written are skipped). */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.length() == 64 && name.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    read(name).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build cache", e);
        }
        return out;
    }

    boolean remove(String key) {
        try {
            return Files.deleteIfExists(dir.resolve(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove build cache record " + key, e);
        }
    }

    private Optional<Entry> read(String key) {
        try {
            Path file = dir.resolve(key);
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            return Optional.of(Entry.parse(key, Files.readString(file), Files.getLastModifiedTime(file).toInstant()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void write(Entry entry) throws IOException {
        Path tmp = Files.createTempFile(dir, "tmp-", "");
        Files.writeString(tmp, entry.serialize());
        Files.move(tmp, dir.resolve(entry.key()), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    Path tempDir(String prefix) throws IOException {
        Path tmp = dir.getParent().resolve("tmp");
        Files.createDirectories(tmp);
        return Files.createTempDirectory(tmp, prefix);
    }
}
