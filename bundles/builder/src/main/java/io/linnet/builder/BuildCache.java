package io.linnet.builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Build cache metadata under {@code <dataRoot>/builder/cache}: a step's key (parent image,
 * instruction after substitution, digest of its inputs) names a file holding the image ID it made.
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

    static String key(String parentImageId, String instruction, String inputs) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((parentImageId + "\n" + instruction + "\n" + inputs).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<String> get(String key) {
        try {
            Path file = dir.resolve(key);
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void put(String key, String imageId) {
        try {
            Path tmp = Files.createTempFile(dir, "tmp-", "");
            Files.writeString(tmp, imageId);
            Files.move(tmp, dir.resolve(key), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build cache", e);
        }
    }

    Path tempDir(String prefix) throws IOException {
        Path tmp = dir.getParent().resolve("tmp");
        Files.createDirectories(tmp);
        return Files.createTempDirectory(tmp, prefix);
    }
}
