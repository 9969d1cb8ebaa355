package io.linnet.itests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Images made here from Debian's busybox-static, since tests cannot reach a registry: a root
 * file system layer, and that layer packed as a docker-archive or an OCI image layout, written
 * exactly as docker save writes them. Everything is deterministic, so IDs are known in advance.
 */
public final class TestImages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "echo", "true", "false", "cat", "ls", "sleep",
            "httpd", "wget", "env", "id", "ps", "top", "mkdir", "rm", "touch", "hostname", "printf", "test", "grep");
    private static final long MTIME = 1767225600L; // 2026-01-01T00:00:00Z
    public static final String CREATED = "2026-01-01T00:00:00Z";

    private TestImages() {
    }

    /** An image written to disk: the archive, its Docker image ID and its one layer's diff ID. */
    public record Built(Path archive, String id, String diffId, byte[] config) {
    }

    /** A root file system tarball: /bin/busybox and its applets as symlinks. */
    public static byte[] rootfsLayer(String marker) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            directory(tar, "bin/");
            directory(tar, "etc/");
            directory(tar, "tmp/");
            byte[] busybox = Files.readAllBytes(BUSYBOX);
            file(tar, "bin/busybox", busybox, 0755);
            for (String applet : APPLETS) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("busybox");
                link.setModTime(MTIME * 1000);
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
            file(tar, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n"
                    .getBytes(), 0644);
            file(tar, "etc/group", "root:x:0:\nnobody:x:65534:\n".getBytes(), 0644);
            file(tar, "etc/marker", marker.getBytes(), 0644);
        }
        return bytes.toByteArray();
    }

    /** The image configuration dockerd would compute an ID from. */
    public static byte[] config(String diffId, Map<String, String> labels, List<String> cmd) throws IOException {
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", "amd64");
        ObjectNode c = config.putObject("config");
        c.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        ArrayNode cmdNode = c.putArray("Cmd");
        cmd.forEach(cmdNode::add);
        if (!labels.isEmpty()) {
            ObjectNode l = c.putObject("Labels");
            labels.forEach(l::put);
        }
        config.put("created", CREATED);
        ArrayNode history = config.putArray("history");
        history.addObject().put("created", CREATED).put("created_by", "/bin/sh -c #(nop) ADD file:busybox in / ");
        history.addObject().put("created", CREATED).put("created_by", "/bin/sh -c #(nop)  CMD " + JSON
                .writeValueAsString(cmd)).put("empty_layer", true);
        config.put("os", "linux");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId);
        return JSON.writeValueAsBytes(config);
    }

    /** A docker-archive (docker save's classic format) of one busybox image with the given tags. */
    public static Built dockerArchive(Path dir, String marker, List<String> repoTags, Map<String, String> labels)
            throws IOException {
        byte[] layer = rootfsLayer(marker);
        String diffHex = sha256(layer);
        byte[] config = config("sha256:" + diffHex, labels, List.of("sh"));
        String configHex = sha256(config);
        ArrayNode manifest = JSON.createArrayNode();
        ObjectNode entry = manifest.addObject();
        entry.put("Config", configHex + ".json");
        ArrayNode tags = entry.putArray("RepoTags");
        repoTags.forEach(tags::add);
        entry.putArray("Layers").add(diffHex + "/layer.tar");
        Path archive = dir.resolve("busybox-" + marker + ".tar");
        try (OutputStream out = Files.newOutputStream(archive); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            directory(tar, diffHex + "/");
            file(tar, diffHex + "/VERSION", "1.0".getBytes(), 0644);
            file(tar, diffHex + "/layer.tar", layer, 0644);
            file(tar, configHex + ".json", config, 0644);
            // docker save writes manifest.json after the blobs: a loader must not need it first.
            file(tar, "manifest.json", JSON.writeValueAsBytes(manifest), 0644);
        }
        return new Built(archive, "sha256:" + configHex, "sha256:" + diffHex, config);
    }

    /** An OCI image layout of one busybox image, named by the ref.name annotation. */
    public static Built ociLayout(Path dir, String marker, String refName) throws IOException {
        byte[] layer = rootfsLayer(marker);
        String diffHex = sha256(layer);
        byte[] config = config("sha256:" + diffHex, Map.of(), List.of("sh"));
        String configHex = sha256(config);
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("digest", "sha256:" + configHex).put("size", config.length);
        manifest.putArray("layers").addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar")
                .put("digest", "sha256:" + diffHex).put("size", layer.length);
        byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
        String manifestHex = sha256(manifestBytes);
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        ObjectNode m = index.putArray("manifests").addObject();
        m.put("mediaType", "application/vnd.oci.image.manifest.v1+json").put("digest", "sha256:" + manifestHex)
                .put("size", manifestBytes.length);
        m.putObject("annotations").put("io.containerd.image.name", refName)
                .put("org.opencontainers.image.ref.name", refName.substring(refName.lastIndexOf(':') + 1));
        Path archive = dir.resolve("oci-" + marker + ".tar");
        try (OutputStream out = Files.newOutputStream(archive); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(), 0644);
            directory(tar, "blobs/");
            directory(tar, "blobs/sha256/");
            file(tar, "blobs/sha256/" + diffHex, layer, 0644);
            file(tar, "blobs/sha256/" + configHex, config, 0644);
            file(tar, "blobs/sha256/" + manifestHex, manifestBytes, 0644);
            file(tar, "index.json", JSON.writeValueAsBytes(index), 0644);
        }
        return new Built(archive, "sha256:" + configHex, "sha256:" + diffHex, config);
    }

    /** A build context: the directory {@code dir} (made if missing) with {@code dockerfile} as its Dockerfile. */
    public static Path buildContext(Path dir, String dockerfile) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        return dir;
    }

    /** A tar with one entry of the given name (for hostile-archive tests). */
    public static Path singleEntryTar(Path dir, String fileName, String entryName, byte[] content) throws IOException {
        Path archive = dir.resolve(fileName);
        try (OutputStream out = Files.newOutputStream(archive); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            file(tar, entryName, content, 0644);
        }
        return archive;
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040755);
        e.setModTime(MTIME * 1000);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(0100000 | mode);
        e.setModTime(MTIME * 1000);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
