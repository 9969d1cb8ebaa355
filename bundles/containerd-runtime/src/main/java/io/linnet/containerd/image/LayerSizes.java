package io.linnet.containerd.image;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linnet.containerd.proto.types.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A layer's size as dockerd reports it: the bytes of the files it holds (regular files by their
 * length, symbolic links by their target's length, hard links once; directories count nothing),
 * as a walk of the unpacked layer would add them up. Read once from the layer tar and kept as a
 * label on the layer blob, so it is computed once per layer, ever.
 */
final class LayerSizes {
    static final String LABEL = "io.linnet.layer.content-size";
    private final ContentStore content;
    private final Map<String, Long> cache = new ConcurrentHashMap<>();

    LayerSizes(ContentStore content) {
        this.content = content;
    }

    /**
     * Kept by diff ID: every blob of a layer (plain, gzip, zstd) holds the same files, so an image
     * named by several manifests (a pull of a tag of a local image) has its sizes whatever blob
     * was read, and a blob collected after its record went is not needed again.
     */
    long of(String diffId, Descriptor layer) {
        return cache.computeIfAbsent(diffId, id -> fromLabelOrContent(layer));
    }

    int cached() {
        return cache.size();
    }

    /** Forgets every layer but these diff IDs (the layers of the images there are). */
    void retain(java.util.Set<String> diffIds) {
        cache.keySet().retainAll(diffIds);
    }

    private long fromLabelOrContent(Descriptor layer) {
        String digest = layer.getDigest();
        Optional<String> label = content.info(digest).map(info -> info.getLabelsMap().get(LABEL));
        if (label.isPresent() && label.get() != null) {
            try {
                return Long.parseLong(label.get());
            } catch (NumberFormatException corrupt) {
                // recompute below
            }
        }
        long size;
        try (InputStream in = ArchiveEntries.decompressed(content.open(digest), false)) {
            size = contentSize(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read layer " + digest, e);
        }
        try {
            content.addLabels(digest, Map.of(LABEL, Long.toString(size)));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
            // collected since it was read (its record went): the size stands, kept by diff ID
        }
        return size;
    }

    /** The bytes of the files a layer tar holds, counted as dockerd's graph driver counts them. */
    static long contentSize(InputStream layerTar) throws IOException {
        long total = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(layerTar);
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            if (e.isSymbolicLink()) {
                total += e.getLinkName().getBytes(StandardCharsets.UTF_8).length;
            } else if (e.isFile() && !e.isLink()) {
                total += e.getSize();
            }
        }
        return total;
    }
}
