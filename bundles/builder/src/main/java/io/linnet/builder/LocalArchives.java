package io.linnet.builder;

import io.linnet.builder.context.BuildContext;
import io.linnet.files.ConfinedRoot;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** ADD's local archives: a file that reads as a tar (maybe compressed) is unpacked, as dockerd does. */
final class LocalArchives {
    private LocalArchives() {
    }

    /** Whether the source (looked up inside the context) is a regular file that reads as a tar. */
    static boolean isArchive(ConfinedRoot context, String source) {
        try (InputStream raw = new BufferedInputStream(context.read(source))) {
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
            return false; // a directory, a link to nothing, not a tar
        }
    }

    /** Unpacks the archive into {@code dir} (the caller's, empty); the result is read confined too. */
    static ConfinedRoot extract(ConfinedRoot context, String source, Path dir) throws IOException {
        try (InputStream in = context.read(source)) {
            return BuildContext.extract(in, dir).root();
        }
    }
}
