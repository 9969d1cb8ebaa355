package io.linnet.builder;

import io.linnet.builder.context.BuildContext;
import io.linnet.engine.api.image.ImageLayers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** An image's file system (for COPY --from) as a directory, from the tar the engine exports. */
final class RootfsExport {
    private RootfsExport() {
    }

    static void export(ImageLayers layers, String imageId, Path dir) throws IOException {
        try (InputStream tar = layers.exportRootfs(imageId)) {
            BuildContext.extract(tar, dir);
        }
    }

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
