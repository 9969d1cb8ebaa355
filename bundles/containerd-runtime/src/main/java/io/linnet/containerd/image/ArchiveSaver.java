package io.linnet.containerd.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.containerd.image.ImageCatalog.Entry;
import io.linnet.containerd.image.ImageCatalog.Resolved;
import io.linnet.containerd.proto.types.Descriptor;
import io.linnet.engine.api.image.ImageReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker save}: a docker-archive (manifest.json, {@code <config hex>.json},
 * {@code <diff ID hex>/layer.tar}, repositories) streamed from the content store.
 */
final class ArchiveSaver {

    private static final long MTIME = 0L;

    private final ContentStore content;
    private final ImageCatalog catalog;

    ArchiveSaver(ContentStore content, ImageCatalog catalog) {
        this.content = content;
        this.catalog = catalog;
    }

    private record Item(Entry entry, Set<String> repoTags) {
    }

    void save(List<String> namesOrIds, OutputStream out) throws IOException {
        // every name resolves before a byte is written: a bad name still gets a 404
        Map<String, Item> items = new LinkedHashMap<>();
        for (String nameOrId : namesOrIds) {
            Resolved resolved = catalog.resolve(nameOrId);
            Item item = items.computeIfAbsent(resolved.entry().id(), id -> new Item(resolved.entry(), new LinkedHashSet<>()));
            if (resolved.recordName() != null && !ImageCatalog.isDangling(resolved.recordName())) {
                ImageReference ref = ImageReference.parse(resolved.recordName());
                if (ref.digest() == null) {
                    item.repoTags().add(ref.familiar());
                }
            } else if (resolved.recordName() == null && !isDigestReference(nameOrId)) {
                item.repoTags().addAll(catalog.toImage(resolved.entry()).repoTags());
            }
        }
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the caller owns the stream
            }
        });
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        ArrayNode manifest = ImageJson.MAPPER.createArrayNode();
        ObjectNode repositories = ImageJson.MAPPER.createObjectNode();
        Set<String> written = new HashSet<>();
        for (Item item : items.values()) {
            Entry entry = item.entry();
            String configHex = Digests.hex(entry.id());
            String configPath = configHex + ".json";
            if (written.add(configPath)) {
                long size = content.info(entry.id()).orElseThrow(() -> new ContentStore.MissingContentException(entry.id())).getSize();
                try (InputStream in = content.open(entry.id())) {
                    file(tar, configPath, size, in);
                }
            }
            ObjectNode m = manifest.addObject();
            m.put("Config", configPath);
            ArrayNode tags = m.putArray("RepoTags");
            item.repoTags().forEach(tags::add);
            if (item.repoTags().isEmpty()) {
                m.putNull("RepoTags");
            }
            ArrayNode layers = m.putArray("Layers");
            List<String> diffIds = entry.config().diffIds();
            String top = null;
            for (int i = 0; i < diffIds.size(); i++) {
                String dir = Digests.hex(diffIds.get(i));
                String layerPath = dir + "/layer.tar";
                layers.add(layerPath);
                top = dir;
                if (written.add(layerPath)) {
                    directory(tar, dir);
                    layer(tar, layerPath, entry.manifest().layers().get(i));
                }
            }
            for (String tag : item.repoTags()) {
                ImageReference ref = ImageReference.parse(tag);
                ObjectNode repo = repositories.has(ref.familiarRepository())
                        ? (ObjectNode) repositories.get(ref.familiarRepository())
                        : repositories.putObject(ref.familiarRepository());
                if (top != null) {
                    repo.put(ref.tag(), top);
                }
            }
        }
        bytes(tar, "manifest.json", ImageJson.write(manifest));
        if (!repositories.isEmpty()) {
            bytes(tar, "repositories", ImageJson.write(repositories));
        }
        tar.finish();
        tar.flush();
    }

    private static boolean isDigestReference(String text) {
        return text.contains("@");
    }

    /** A plain tar layer streams as it is; a compressed one is read twice (its unpacked size comes first). */
    private void layer(TarArchiveOutputStream tar, String path, Descriptor layer) throws IOException {
        if (MediaTypes.isUncompressedLayer(layer.getMediaType())) {
            long size = layer.getSize() > 0 ? layer.getSize()
                    : content.info(layer.getDigest()).orElseThrow(() -> new ContentStore.MissingContentException(layer.getDigest())).getSize();
            try (InputStream in = content.open(layer.getDigest())) {
                file(tar, path, size, in);
            }
            return;
        }
        long size;
        try (InputStream in = ArchiveEntries.decompressed(content.open(layer.getDigest()), false)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        try (InputStream in = ArchiveEntries.decompressed(content.open(layer.getDigest()), false)) {
            file(tar, path, size, in);
        }
    }

    private static void directory(TarArchiveOutputStream tar, String dir) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(dir + "/");
        e.setMode(040755);
        e.setModTime(MTIME);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void bytes(TarArchiveOutputStream tar, String path, byte[] data) throws IOException {
        file(tar, path, data.length, new java.io.ByteArrayInputStream(data));
    }

    private static void file(TarArchiveOutputStream tar, String path, long size, InputStream in) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(path);
        e.setMode(0100644);
        e.setSize(size);
        e.setModTime(MTIME);
        tar.putArchiveEntry(e);
        long copied = in.transferTo(tar);
        if (copied != size) {
            throw new IOException(path + ": expected " + size + " bytes from containerd, got " + copied);
        }
        tar.closeArchiveEntry();
    }
}
