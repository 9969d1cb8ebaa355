package io.linnet.builder;

import io.linnet.builder.context.BuildContext;
import io.linnet.engine.api.image.ImageLayers;
import io.linnet.files.ConfinedRoot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** An image's file system (for COPY --from) as a directory, from the tar the engine exports, read confined. */
final class RootfsExport {
    private RootfsExport() {
    }

    static ConfinedRoot export(ImageLayers layers, String imageId, Path dir) throws IOException {
        try (InputStream tar = layers.exportRootfs(imageId)) {
            return BuildContext.extract(tar, dir).root();
        }
    }

    /**
     * Removes a temporary directory of the daemon's. Files.walk follows no link, and nothing but
     * this build writes there, so the walk stays below {@code dir}.
     */
    static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
