package io.linnet.containerd.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Small image archives built from /bin/busybox, for tests. */
final class TestArchives {

    static final Path BUSYBOX = Path.of("/bin/busybox");

    private TestArchives() {
    }

    /** A root file system layer: bin/busybox, bin/sh and bin/echo links to it, plus one marker file. */
    static byte[] busyboxLayer(String marker) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                dir(tar, "bin/");
                file(tar, "bin/busybox", Files.readAllBytes(BUSYBOX), 0755);
                link(tar, "bin/sh", "busybox");
                link(tar, "bin/echo", "busybox");
                dir(tar, "etc/");
                file(tar, "etc/marker", marker.getBytes(), 0644);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] config(String diffId, String created, List<String> cmd) {
        ObjectNode root = ImageJson.MAPPER.createObjectNode();
        root.put("architecture", Platforms.architecture());
        ObjectNode c = root.putObject("config");
        c.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        ArrayNode cmdArray = c.putArray("Cmd");
        cmd.forEach(cmdArray::add);
        c.putObject("Labels").put("org.example", "yes");
        c.putObject("ExposedPorts").putObject("80/tcp");
        ObjectNode health = c.putObject("Healthcheck");
        health.putArray("Test").add("CMD").add("true");
        health.put("Interval", 30_000_000_000L);
        health.put("Retries", 3);
        root.put("created", created);
        root.put("docker_version", "20.10.24");
        ArrayNode history = root.putArray("history");
        history.addObject().put("created", created).put("created_by", "/bin/sh -c #(nop) ADD file:busybox in / ");
        history.addObject().put("created", created).put("created_by", "/bin/sh -c #(nop)  CMD [\"sh\"]")
                .put("empty_layer", true);
        root.put("os", "linux");
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId);
        return ImageJson.write(root);
    }

    /** A docker-archive with manifest.json after the blobs (as docker 25 writes it). */
    static byte[] dockerArchive(byte[] layer, byte[] config, List<String> repoTags) {
        String diff = Digests.of(layer);
        String configHex = Digests.hex(Digests.of(config));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("1a2b3c4d5e6f" + "0".repeat(52) + "/layer.tar", layer);
        files.put("1a2b3c4d5e6f" + "0".repeat(52) + "/VERSION", "1.0".getBytes());
        files.put(configHex + ".json", config);
        ObjectNode item = ImageJson.MAPPER.createArrayNode().addObject();
        item.put("Config", configHex + ".json");
        ArrayNode tags = item.putArray("RepoTags");
        repoTags.forEach(tags::add);
        item.putArray("Layers").add("1a2b3c4d5e6f" + "0".repeat(52) + "/layer.tar");
        files.put("manifest.json", ImageJson.write(ImageJson.MAPPER.createArrayNode().add(item)));
        return tar(files);
    }

    /** An OCI image layout with a gzip-compressed layer, named by annotation. */
    static byte[] ociLayout(byte[] layer, byte[] config, String name) {
        byte[] gz = gzip(layer);
        ObjectNode manifest = ImageJson.MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.putObject("config").put("mediaType", MediaTypes.OCI_CONFIG).put("digest", Digests.of(config))
                .put("size", config.length);
        manifest.putArray("layers").addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip")
                .put("digest", Digests.of(gz)).put("size", gz.length);
        byte[] manifestBytes = ImageJson.write(manifest);
        ObjectNode index = ImageJson.MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        ObjectNode entry = index.putArray("manifests").addObject();
        entry.put("mediaType", MediaTypes.OCI_MANIFEST).put("digest", Digests.of(manifestBytes))
                .put("size", manifestBytes.length);
        ObjectNode annotations = entry.putObject("annotations");
        annotations.put("io.containerd.image.name", name);
        annotations.put("org.opencontainers.image.ref.name", "latest");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
        files.put("index.json", ImageJson.write(index));
        files.put("blobs/sha256/" + Digests.hex(Digests.of(gz)), gz);
        files.put("blobs/sha256/" + Digests.hex(Digests.of(config)), config);
        files.put("blobs/sha256/" + Digests.hex(Digests.of(manifestBytes)), manifestBytes);
        return tar(files);
    }

    /**
     * As docker 25 saves: blobs/sha256 with an uncompressed layer, index.json pointing at an image
     * index (one platform), and manifest.json (when asked) pointing into blobs/.
     */
    static byte[] docker25(byte[] layer, byte[] config, String name, boolean withManifestJson) {
        String diff = Digests.of(layer);
        ObjectNode manifest = ImageJson.MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.putObject("config").put("mediaType", MediaTypes.OCI_CONFIG).put("digest", Digests.of(config))
                .put("size", config.length);
        manifest.putArray("layers").addObject().put("mediaType", MediaTypes.OCI_LAYER)
                .put("digest", diff).put("size", layer.length);
        byte[] manifestBytes = ImageJson.write(manifest);
        ObjectNode imageIndex = ImageJson.MAPPER.createObjectNode();
        imageIndex.put("schemaVersion", 2);
        imageIndex.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode platforms = imageIndex.putArray("manifests");
        ObjectNode other = platforms.addObject();
        other.put("mediaType", MediaTypes.OCI_MANIFEST).put("digest", "sha256:" + "e".repeat(64)).put("size", 100);
        other.putObject("platform").put("os", "linux").put("architecture", "s390x");
        ObjectNode mine = platforms.addObject();
        mine.put("mediaType", MediaTypes.OCI_MANIFEST).put("digest", Digests.of(manifestBytes))
                .put("size", manifestBytes.length);
        mine.putObject("platform").put("os", "linux").put("architecture", Platforms.architecture());
        byte[] imageIndexBytes = ImageJson.write(imageIndex);
        ObjectNode index = ImageJson.MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        ObjectNode entry = index.putArray("manifests").addObject();
        entry.put("mediaType", MediaTypes.OCI_INDEX).put("digest", Digests.of(imageIndexBytes))
                .put("size", imageIndexBytes.length);
        entry.putObject("annotations").put("io.containerd.image.name", "docker.io/library/" + name)
                .put("org.opencontainers.image.ref.name", "latest");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("blobs/sha256/" + Digests.hex(diff), layer);
        files.put("blobs/sha256/" + Digests.hex(Digests.of(config)), config);
        files.put("blobs/sha256/" + Digests.hex(Digests.of(manifestBytes)), manifestBytes);
        files.put("blobs/sha256/" + Digests.hex(Digests.of(imageIndexBytes)), imageIndexBytes);
        files.put("index.json", ImageJson.write(index));
        if (withManifestJson) {
            ObjectNode item = ImageJson.MAPPER.createArrayNode().addObject();
            item.put("Config", "blobs/sha256/" + Digests.hex(Digests.of(config)));
            item.putArray("RepoTags").add(name + "-from-manifest-json");
            item.putArray("Layers").add("blobs/sha256/" + Digests.hex(diff));
            files.put("manifest.json", ImageJson.write(ImageJson.MAPPER.createArrayNode().add(item)));
        }
        files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
        return tar(files);
    }

    static byte[] tar(Map<String, byte[]> files) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (var e : files.entrySet()) {
                    file(tar, e.getKey(), e.getValue(), 0644);
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(data);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void file(TarArchiveOutputStream tar, String name, byte[] data, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100000 | mode);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    static void link(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }
}
