package io.linnet.containerd.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.containerd.image.ContentStore.Blob;
import io.linnet.containerd.proto.types.Descriptor;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.image.ImportRequest;
import io.linnet.engine.api.image.ProgressSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code docker import}: a root file system tarball becomes a one-layer image. */
final class RootfsImporter {

    private static final Logger LOG = LoggerFactory.getLogger(RootfsImporter.class);

    private final ContentStore content;
    private final Snapshots snapshots;
    private final ImageNames names;
    private final ImageWriter writer;

    RootfsImporter(ContentStore content, Snapshots snapshots, ImageNames names, ImageWriter writer) {
        this.content = content;
        this.snapshots = snapshots;
        this.names = names;
        this.writer = writer;
    }

    String importRootfs(InputStream tarball, ImportRequest request, ProgressSink progress) throws IOException {
        ChangeCommands changes = ChangeCommands.parse(request.changes());
        String[] platform = platform(request.platform());
        String lease = snapshots.createLease("import");
        try {
            InputStream in = ArchiveEntries.decompressed(tarball, true);
            long[] reported = {0};
            Blob layer = content.write(lease, in, -1, Map.of(), done -> {
                if (done - reported[0] >= 1024 * 1024) {
                    reported[0] = done;
                    progress.progress(null, "Importing", done, 0);
                }
            });
            Instant now = Instant.now();
            ObjectNode config = ImageJson.MAPPER.createObjectNode();
            config.put("architecture", platform[1]);
            config.set("config", changes.toJson());
            config.put("created", now.toString());
            // dockerd records the message (or "Imported from -") as the image's comment and its history's.
            String message = request.message() == null || request.message().isEmpty()
                    ? "Imported from -" : request.message();
            config.put("comment", message);
            ObjectNode history = config.putArray("history").addObject();
            history.put("created", now.toString());
            history.put("comment", message);
            config.put("os", platform[0]);
            ObjectNode rootfs = config.putObject("rootfs");
            rootfs.put("type", "layers");
            ArrayNode diffIds = rootfs.putArray("diff_ids");
            diffIds.add(layer.digest());
            if (platform[2] != null) {
                config.put("variant", platform[2]);
            }
            Blob configBlob = content.write(lease, ImageJson.write(config), Map.of());
            Descriptor configDescriptor = Descriptor.newBuilder().setMediaType(MediaTypes.OCI_CONFIG)
                    .setDigest(configBlob.digest()).setSize(configBlob.size()).build();
            Descriptor layerDescriptor = Descriptor.newBuilder().setMediaType(MediaTypes.OCI_LAYER)
                    .setDigest(layer.digest()).setSize(layer.size()).build();
            Descriptor target = writer.commit(lease, configDescriptor, List.of(layerDescriptor),
                    List.of(layer.digest()), null);
            String id = configBlob.digest();
            if (request.reference() != null) {
                names.point(request.reference().withDefaultTag().toString(), target, id);
            } else {
                names.keep(id, target);
            }
            LOG.info("imported image {} ({} bytes of layer)", id, layer.size());
            return id;
        } finally {
            snapshots.deleteLease(lease);
        }
    }

    /** "os/arch[/variant]", empty for the host's. */
    static String[] platform(String text) {
        if (text == null || text.isEmpty()) {
            return new String[] {Platforms.os(), Platforms.architecture(), null};
        }
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new InvalidParameterException("invalid platform: " + text);
        }
        if (!parts[0].equals("linux")) {
            throw new InvalidParameterException("operating system is not supported: " + parts[0]);
        }
        return new String[] {parts[0], parts[1], parts.length == 3 ? parts[2] : null};
    }
}
