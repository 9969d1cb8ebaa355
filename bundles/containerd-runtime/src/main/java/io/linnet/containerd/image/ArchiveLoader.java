package io.linnet.containerd.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.linnet.containerd.image.ContentStore.Blob;
import io.linnet.containerd.image.ImageJson.ConfigInfo;
import io.linnet.containerd.image.ImageJson.ManifestInfo;
import io.linnet.containerd.proto.types.Descriptor;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.image.ImageService.LoadedImage;
import io.linnet.engine.api.image.ProgressSink;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.linnet.containerd.image.ArchiveEntries.invalid;

/**
 * {@code docker load}: a docker-archive or OCI image layout tarball, read once as a stream. Every
 * file that can be a blob goes to the content store as it passes (under a lease); only the small
 * index files are kept in memory. Nothing is named before every image has been verified.
 */
final class ArchiveLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveLoader.class);
    private static final long PROGRESS_STEP = 1024 * 1024;

    private final ContentStore content;
    private final Snapshots snapshots;
    private final ImageCatalog catalog;
    private final ImageNames names;
    private final ImageWriter writer;

    ArchiveLoader(ContentStore content, Snapshots snapshots, ImageCatalog catalog, ImageNames names, ImageWriter writer) {
        this.content = content;
        this.snapshots = snapshots;
        this.catalog = catalog;
        this.names = names;
        this.writer = writer;
    }

    /** What the archive held: small index files, and every other file as a blob by path. */
    private static final class Contents {
        byte[] manifestJson;
        byte[] indexJson;
        boolean ociLayout;
        final Map<String, Blob> byPath = new HashMap<>();
        final Map<String, Blob> byDigest = new HashMap<>();
    }

    /** A verified image, not yet committed. manifest is null for docker-archive images. */
    private record Prepared(ConfigInfo config, Descriptor configDescriptor, List<Descriptor> layers,
            Descriptor manifest, List<ImageReference> names) {
    }

    List<LoadedImage> load(InputStream archive, ProgressSink progress) {
        String lease = snapshots.createLease("load");
        try {
            Contents contents = read(lease, archive, progress);
            List<Prepared> images;
            if (contents.manifestJson != null) {
                images = dockerArchive(contents);
            } else if (contents.indexJson != null) {
                images = ociLayout(contents);
            } else {
                throw invalid("neither manifest.json nor index.json found");
            }
            List<Descriptor> targets = new ArrayList<>();
            for (Prepared image : images) {
                try {
                    targets.add(writer.commit(lease, image.configDescriptor(), image.layers(), image.config().diffIds(),
                            image.manifest()));
                } catch (Snapshots.LayerMismatchException e) {
                    throw invalid(e.getMessage());
                }
            }
            List<LoadedImage> loaded = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                Prepared image = images.get(i);
                String id = image.config().id();
                List<String> familiar = new ArrayList<>();
                for (ImageReference name : image.names()) {
                    names.point(name.toString(), targets.get(i), id);
                    familiar.add(name.familiar());
                }
                if (image.names().isEmpty()) {
                    names.keep(id, targets.get(i));
                    progress.stream("Loaded image ID: " + id + "\n");
                } else {
                    familiar.forEach(name -> progress.stream("Loaded image: " + name + "\n"));
                }
                LOG.info("loaded image {} {}", id, familiar);
                loaded.add(new LoadedImage(id, List.copyOf(familiar)));
            }
            return loaded;
        } catch (ImageJson.MalformedException e) {
            throw invalid(e.getMessage());
        } catch (ContentStore.MissingContentException e) {
            throw invalid(e.getMessage());
        } catch (IOException e) {
            throw invalid(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        } finally {
            snapshots.deleteLease(lease);
        }
    }

    private Contents read(String lease, InputStream archive, ProgressSink progress) throws IOException {
        Contents contents = new Contents();
        TarArchiveInputStream tar = new TarArchiveInputStream(ArchiveEntries.decompressed(archive, true));
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String path = ArchiveEntries.checkedPath(entry);
            if (entry.isDirectory() || path.isEmpty()) {
                continue;
            }
            if (entry.isSymbolicLink() || entry.isLink()) {
                String target = ArchiveEntries.linkTarget(entry, path);
                Blob linked = contents.byPath.get(target);
                if (linked == null) {
                    throw invalid("entry " + path + " links to " + target + ", which the archive does not hold "
                            + "before it");
                }
                contents.byPath.put(path, linked);
                continue;
            }
            switch (path) {
                case "manifest.json" -> contents.manifestJson = small(tar, entry, path);
                case "index.json" -> contents.indexJson = small(tar, entry, path);
                case "oci-layout" -> {
                    small(tar, entry, path);
                    contents.ociLayout = true;
                }
                case "repositories" -> small(tar, entry, path);
                default -> {
                    if (!path.startsWith("blobs/") && (path.endsWith("/VERSION") || path.endsWith("/json"))) {
                        continue; // legacy v1 metadata: not needed
                    }
                    Blob blob = blob(lease, tar, entry, path, progress);
                    if (path.startsWith("blobs/sha256/")) {
                        String expected = "sha256:" + path.substring("blobs/sha256/".length());
                        if (!expected.equals(blob.digest())) {
                            throw invalid("blob " + path + " has digest " + blob.digest());
                        }
                    }
                    contents.byPath.put(path, blob);
                    contents.byDigest.put(blob.digest(), blob);
                }
            }
        }
        return contents;
    }

    private static byte[] small(TarArchiveInputStream tar, TarArchiveEntry entry, String path) throws IOException {
        if (entry.getSize() > ImageCatalog.JSON_LIMIT) {
            throw invalid(path + " is larger than " + ImageCatalog.JSON_LIMIT + " bytes");
        }
        return tar.readNBytes((int) ImageCatalog.JSON_LIMIT + 1);
    }

    private Blob blob(String lease, TarArchiveInputStream tar, TarArchiveEntry entry, String path, ProgressSink progress)
            throws IOException {
        PushbackInputStream in = new PushbackInputStream(tar, 1);
        int first = in.read();
        if (first >= 0) {
            in.unread(first);
        }
        long total = entry.getSize();
        String progressId = progressId(path, first);
        if (progressId == null) {
            return content.write(lease, in, total, Map.of(), null);
        }
        progress.progress(progressId, "Loading layer", 0, total);
        long[] reported = {0};
        Blob blob = content.write(lease, in, total, Map.of(), done -> {
            if (done - reported[0] >= PROGRESS_STEP || done == total) {
                reported[0] = done;
                progress.progress(progressId, "Loading layer", done, total);
            }
        });
        return blob;
    }

    /** Layers get progress lines (by the short form of their directory or digest); JSON blobs do not. */
    private static String progressId(String path, int firstByte) {
        if (path.endsWith("/layer.tar")) {
            return Digests.shortId(path.substring(0, path.indexOf('/')));
        }
        if (path.startsWith("blobs/") && firstByte != '{' && firstByte >= 0) {
            return Digests.shortId(path.substring(path.lastIndexOf('/') + 1));
        }
        return null;
    }

    private List<Prepared> dockerArchive(Contents contents) {
        JsonNode manifest = ImageJson.parse(contents.manifestJson, "manifest.json");
        if (!manifest.isArray()) {
            throw invalid("manifest.json is not a JSON array");
        }
        List<Prepared> out = new ArrayList<>();
        for (JsonNode item : manifest) {
            String configPath = clean(item.path("Config").asText(""));
            Blob configBlob = contents.byPath.get(configPath);
            if (configBlob == null) {
                throw invalid("image configuration " + (configPath.isEmpty() ? "(none)" : configPath) + " is missing");
            }
            ConfigInfo config = config(configBlob);
            JsonNode layerPaths = item.path("Layers");
            if (layerPaths.size() != config.diffIds().size()) {
                throw invalid("image " + config.id() + " lists " + layerPaths.size() + " layers, its configuration "
                        + config.diffIds().size());
            }
            List<Descriptor> layers = new ArrayList<>();
            for (int i = 0; i < layerPaths.size(); i++) {
                String layerPath = clean(layerPaths.get(i).asText(""));
                Blob layer = contents.byPath.get(layerPath);
                if (layer == null) {
                    throw invalid("layer " + layerPath + " of image " + config.id() + " is missing");
                }
                if (!layer.digest().equals(config.diffIds().get(i))) {
                    throw invalid("layer " + layerPath + " has digest " + layer.digest()
                            + ", but the image configuration expects " + config.diffIds().get(i));
                }
                layers.add(Descriptor.newBuilder().setMediaType(MediaTypes.OCI_LAYER).setDigest(layer.digest())
                        .setSize(layer.size()).build());
            }
            LinkedHashSet<ImageReference> refs = new LinkedHashSet<>();
            for (JsonNode tag : item.path("RepoTags")) {
                refs.add(tagged(tag.asText("")));
            }
            Descriptor configDescriptor = Descriptor.newBuilder().setMediaType(MediaTypes.OCI_CONFIG)
                    .setDigest(configBlob.digest()).setSize(configBlob.size()).build();
            out.add(new Prepared(config, configDescriptor, List.copyOf(layers), null, List.copyOf(refs)));
        }
        return out;
    }

    private List<Prepared> ociLayout(Contents contents) {
        JsonNode index = ImageJson.parse(contents.indexJson, "index.json");
        List<Prepared> out = new ArrayList<>();
        for (Descriptor entry : ImageJson.indexManifests("index.json", index)) {
            List<ImageReference> refs = new ArrayList<>();
            nameOf(entry).ifPresent(refs::add);
            Descriptor manifestDescriptor = entry;
            if (MediaTypes.isIndex(entry.getMediaType())) {
                JsonNode nested = ImageJson.parse(bytes(contents, entry), "index " + entry.getDigest());
                manifestDescriptor = Platforms.pick(ImageJson.indexManifests("index " + entry.getDigest(), nested))
                        .orElseThrow(() -> invalid("index " + entry.getDigest() + " has no image for "
                                + Platforms.os() + "/" + Platforms.architecture()));
            }
            byte[] manifestBytes = bytes(contents, manifestDescriptor);
            JsonNode manifestJson = ImageJson.parse(manifestBytes, "manifest " + manifestDescriptor.getDigest());
            if (manifestDescriptor.getMediaType().isEmpty()) {
                String own = manifestJson.path("mediaType").asText("");
                manifestDescriptor = manifestDescriptor.toBuilder()
                        .setMediaType(own.isEmpty() ? MediaTypes.OCI_MANIFEST : own).build();
            }
            if (!MediaTypes.isManifest(manifestDescriptor.getMediaType())) {
                throw invalid("unsupported media type " + manifestDescriptor.getMediaType() + " for "
                        + manifestDescriptor.getDigest());
            }
            ManifestInfo manifest = ImageJson.manifest(manifestDescriptor.getDigest(), manifestBytes);
            Blob configBlob = present(contents, manifest.config());
            ConfigInfo config = config(configBlob);
            if (manifest.layers().size() != config.diffIds().size()) {
                throw invalid("manifest " + manifest.digest() + " lists " + manifest.layers().size()
                        + " layers, its configuration " + config.diffIds().size());
            }
            for (int i = 0; i < manifest.layers().size(); i++) {
                Descriptor layer = manifest.layers().get(i);
                present(contents, layer);
                if (MediaTypes.isUncompressedLayer(layer.getMediaType())
                        && !layer.getDigest().equals(config.diffIds().get(i))) {
                    throw invalid("layer " + layer.getDigest() + " does not match the diff ID "
                            + config.diffIds().get(i) + " of its image configuration");
                }
            }
            Descriptor target = Descriptor.newBuilder().setMediaType(manifestDescriptor.getMediaType())
                    .setDigest(manifestDescriptor.getDigest()).setSize(manifestDescriptor.getSize()).build();
            out.add(new Prepared(config, manifest.config(), manifest.layers(), target, List.copyOf(refs)));
        }
        if (out.isEmpty()) {
            throw invalid("index.json lists no image");
        }
        return out;
    }

    /** A blob the archive carried or containerd already has, with the size its descriptor says. */
    private Blob present(Contents contents, Descriptor d) {
        Blob blob = contents.byDigest.get(d.getDigest());
        if (blob == null) {
            blob = content.info(d.getDigest()).map(info -> new Blob(info.getDigest(), info.getSize()))
                    .orElseThrow(() -> invalid("blob " + d.getDigest() + " is missing"));
        }
        if (d.getSize() > 0 && d.getSize() != blob.size()) {
            throw invalid("blob " + d.getDigest() + " has " + blob.size() + " bytes, its descriptor says " + d.getSize());
        }
        return blob;
    }

    private byte[] bytes(Contents contents, Descriptor d) {
        Blob blob = present(contents, d);
        if (blob.size() > ImageCatalog.JSON_LIMIT) {
            throw invalid("document " + d.getDigest() + " is too large");
        }
        return content.readBytes(blob.digest(), ImageCatalog.JSON_LIMIT);
    }

    private ConfigInfo config(Blob blob) {
        if (blob.size() > ImageCatalog.JSON_LIMIT) {
            throw invalid("image configuration " + blob.digest() + " is too large");
        }
        return catalog.config(blob.digest());
    }

    /** io.containerd.image.name, or org.opencontainers.image.ref.name when it is a full reference. */
    private static Optional<ImageReference> nameOf(Descriptor entry) {
        String name = entry.getAnnotationsOrDefault("io.containerd.image.name", "");
        if (name.isEmpty()) {
            String refName = entry.getAnnotationsOrDefault("org.opencontainers.image.ref.name", "");
            if (refName.contains("/") || refName.contains(":")) {
                name = refName;
            }
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(tagged(name));
    }

    private static ImageReference tagged(String name) {
        try {
            ImageReference ref = ImageReference.parse(name);
            if (ref.digest() != null) {
                throw invalid("image name " + name + " has a digest; only tagged names can be loaded");
            }
            return ref.withDefaultTag();
        } catch (InvalidParameterException e) {
            if (e.getMessage().startsWith("invalid archive")) {
                throw e;
            }
            throw invalid("invalid image name " + name + ": " + e.getMessage());
        }
    }

    private static String clean(String path) {
        String p = path;
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return p;
    }
}
