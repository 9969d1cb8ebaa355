package io.linnet.builder;

import io.linnet.builder.context.BuildContext;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** ADD's local archives: a file that reads as a tar (maybe compressed) is unpacked, as dockerd does. */
final class LocalArchives {
    private LocalArchives() {
    }

    static boolean isArchive(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            InputStream in = raw;
            raw.mark(16);
            try {
                in = new CompressorStreamFactory().createCompressorInputStream(CompressorStreamFactory.detect(raw), raw);
            } catch (CompressorException plain) {
                raw.reset();
            }
            byte[] header = new byte[512];
            int n = in.readNBytes(header, 0, header.length);
            return n == 512 && TarArchiveInputStream.matches(header, n);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static void extract(Path file, Path dir) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            BuildContext.extract(in, dir);
        }
    }
}
