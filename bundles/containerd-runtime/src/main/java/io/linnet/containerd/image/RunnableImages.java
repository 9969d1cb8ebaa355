package io.linnet.containerd.image;

import io.linnet.containerd.client.ContainerdConnection;
import io.linnet.containerd.image.ImageCatalog.Resolved;
import io.linnet.containerd.proto.types.Descriptor;
import io.linnet.engine.api.image.ImageConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * What running a container needs of an image: its ID, configuration, the snapshot its root file
 * system is prepared from (the top chain ID), and single files read from its layers (for
 * /etc/passwd and /etc/group: the daemon never mounts a root file system).
 */
public final class RunnableImages {

    /** Files larger than this are not read out of a layer. */
    public static final long FILE_LIMIT = 4L * 1024 * 1024;

    private static final int CACHED_FILES = 64;

    private final ImageCatalog catalog;
    private final ContentStore content;
    /** Files by layer chain and path: layers never change, so neither do their files. */
    private final java.util.Map<String, Optional<byte[]>> files = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Optional<byte[]>> eldest) {
                    return size() > CACHED_FILES;
                }
            });

    public RunnableImages(ContainerdConnection containerd, ImageRecords imageRecords) {
        this.content = new ContentStore(containerd);
        this.catalog = new ImageCatalog(imageRecords, content, new Snapshots(containerd));
    }

    /**
     * An image ready to run.
     *
     * @param name    the record name the user gave (for the containerd container's image field), or the ID
     * @param chainId the committed snapshot of its top layer (empty for an image without layers)
     * @param layers  layer blob digests, bottom first
     */
    public record Runnable(String id, String name, ImageConfig config, String chainId, List<String> layers) {
    }

    /** @throws io.linnet.engine.api.NotFoundException "No such image: x" */
    public Runnable resolve(String nameOrId) {
        Resolved resolved = catalog.resolve(nameOrId);
        var entry = resolved.entry();
        List<String> chains = Digests.chainIds(entry.config().diffIds());
        String name = resolved.recordName() != null ? resolved.recordName()
                : entry.named().stream().findFirst().map(r -> r.getName()).orElse(entry.id());
        return new Runnable(entry.id(), name, entry.config().config(),
                chains.isEmpty() ? "" : chains.get(chains.size() - 1),
                entry.manifest().layers().stream().map(Descriptor::getDigest).toList());
    }

    /** A regular file of the image's root file system, as the unpacked layers would show it. */
    public Optional<byte[]> readFile(Runnable image, String path) {
        String key = image.chainId() + " " + path;
        Optional<byte[]> cached = files.get(key);
        if (cached == null) {
            cached = scan(image, path);
            files.put(key, cached);
        }
        return cached.map(byte[]::clone);
    }

    private Optional<byte[]> scan(Runnable image, String path) {
        LayerFileLookup lookup = new LayerFileLookup(path, FILE_LIMIT);
        List<String> layers = image.layers();
        for (int i = layers.size() - 1; i >= 0; i--) {
            try (InputStream in = ArchiveEntries.decompressed(content.open(layers.get(i)), false)) {
                LayerFileLookup.Outcome outcome = lookup.scan(in);
                if (outcome != LayerFileLookup.Outcome.NOT_HERE) {
                    return outcome == LayerFileLookup.Outcome.FOUND ? Optional.of(lookup.content()) : Optional.empty();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read layer " + layers.get(i) + " of image " + image.id(), e);
            }
        }
        return Optional.empty();
    }
}
