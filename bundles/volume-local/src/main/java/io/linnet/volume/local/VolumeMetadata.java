package io.linnet.volume.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code <volumes>/<name>/volume.json}: what dockerd keeps in its metadata.db and opts.json.
 * Labels and options keep the difference between absent (null) and empty.
 */
record VolumeMetadata(String name, String driver, Instant createdAt, Map<String, String> labels,
        Map<String, String> options) {
    static final String FILE = "volume.json";
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();

    /** Writes the file atomically: a temporary file in the same directory, synced, then renamed. */
    void write(Path volumeDir) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("Name", name);
        o.put("Driver", driver);
        o.put("CreatedAt", createdAt.toString());
        putMap(o, "Labels", labels);
        putMap(o, "Options", options);
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
        Path tmp = volumeDir.resolve(FILE + ".tmp");
        try (var channel = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        }
        try {
            // Options may hold secrets (cifs password=): readable by root only, as dockerd's opts.json.
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // keep the default mode
        }
        Files.move(tmp, volumeDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads the file of a volume directory; null when there is none. */
    static VolumeMetadata read(Path volumeDir) throws IOException {
        Path file = volumeDir.resolve(FILE);
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        JsonNode o = JSON.readTree(file.toFile());
        return new VolumeMetadata(text(o, "Name"), text(o, "Driver"),
                o.hasNonNull("CreatedAt") ? Instant.parse(o.get("CreatedAt").asText()) : null,
                map(o.get("Labels")), map(o.get("Options")));
    }

    private static String text(JsonNode o, String field) {
        return o.hasNonNull(field) ? o.get(field).asText() : null;
    }

    private static void putMap(ObjectNode o, String field, Map<String, String> map) {
        if (map == null) {
            o.putNull(field);
            return;
        }
        ObjectNode m = o.putObject(field);
        new TreeMap<>(map).forEach(m::put);
    }

    private static Map<String, String> map(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
        }
        return map;
    }
}
