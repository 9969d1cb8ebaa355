package io.linnet.containerd.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linnet.containerd.proto.types.Descriptor;
import io.linnet.engine.api.image.ImageConfig;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading image configurations, manifests and indexes; writing manifests and configurations. */
final class ImageJson {

    static final ObjectMapper MAPPER = io.linnet.api.model.json.DockerJson.newMapper();

    private ImageJson() {
    }

    /** What Linnet uses of an image configuration. */
    record ConfigInfo(String id, Instant created, String author, String comment, String dockerVersion,
            String architecture, String variant, String os, ImageConfig config, List<String> diffIds,
            List<HistoryItem> history) {
    }

    record HistoryItem(Instant created, String createdBy, String comment, boolean emptyLayer) {
    }

    /** A manifest: its config and its layers, bottom first. */
    record ManifestInfo(String digest, Descriptor config, List<Descriptor> layers) {
    }

    static JsonNode parse(byte[] json, String what) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new MalformedException(what + " is empty");
            }
            return node;
        } catch (IOException e) {
            throw new MalformedException(what + " is not valid JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ConfigInfo config(String id, byte[] json) {
        JsonNode root = parse(json, "image configuration " + id);
        if (!root.isObject()) {
            throw new MalformedException("image configuration " + id + " is not a JSON object");
        }
        List<String> diffIds = new ArrayList<>();
        for (JsonNode diff : root.path("rootfs").path("diff_ids")) {
            String d = diff.asText();
            if (!Digests.SHA256.matcher(d).matches()) {
                throw new MalformedException("image configuration " + id + " has an invalid diff ID: " + d);
            }
            diffIds.add(d);
        }
        List<HistoryItem> history = new ArrayList<>();
        for (JsonNode h : root.path("history")) {
            history.add(new HistoryItem(time(h.path("created").asText("")), h.path("created_by").asText(""),
                    h.path("comment").asText(""), h.path("empty_layer").asBoolean(false)));
        }
        return new ConfigInfo(id, time(root.path("created").asText("")), root.path("author").asText(""),
                root.path("comment").asText(""), root.path("docker_version").asText(""),
                root.path("architecture").asText(""), root.path("variant").asText(""), root.path("os").asText(""),
                containerConfig(root.path("config")), List.copyOf(diffIds), List.copyOf(history));
    }

    static Instant time(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Docker's ContainerConfig keys of config.config. */
    static ImageConfig containerConfig(JsonNode c) {
        if (!c.isObject()) {
            return ImageConfig.empty();
        }
        ImageConfig.Healthcheck health = null;
        JsonNode h = c.path("Healthcheck");
        if (h.isObject()) {
            health = new ImageConfig.Healthcheck(strings(h.path("Test")), h.path("Interval").asLong(0),
                    h.path("Timeout").asLong(0), h.path("StartPeriod").asLong(0), h.path("StartInterval").asLong(0),
                    h.path("Retries").asInt(0));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        c.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText("")));
        return new ImageConfig(c.path("Hostname").asText(""), c.path("Domainname").asText(""), c.path("User").asText(""),
                strings(c.path("Env")), strings(c.path("Cmd")), strings(c.path("Entrypoint")),
                c.path("WorkingDir").asText(""), Map.copyOf(labels), keys(c.path("ExposedPorts")), keys(c.path("Volumes")),
                c.path("StopSignal").asText(""), health, strings(c.path("OnBuild")), strings(c.path("Shell")),
                c.path("ArgsEscaped").asBoolean(false));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        } else if (array.isTextual()) {
            out.add(array.asText()); // Cmd as a plain string, seen in very old images
        }
        return List.copyOf(out);
    }

    private static List<String> keys(JsonNode object) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        out.sort(null);
        return List.copyOf(out);
    }

    static ManifestInfo manifest(String digest, byte[] json) {
        JsonNode root = parse(json, "manifest " + digest);
        JsonNode config = root.path("config");
        if (!config.isObject()) {
            throw new MalformedException("manifest " + digest + " has no config");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode layer : root.path("layers")) {
            layers.add(descriptor(layer, "layer of manifest " + digest));
        }
        return new ManifestInfo(digest, descriptor(config, "config of manifest " + digest), List.copyOf(layers));
    }

    static Descriptor descriptor(JsonNode node, String what) {
        String digest = node.path("digest").asText("");
        if (!Digests.SHA256.matcher(digest).matches()) {
            throw new MalformedException(what + " has an invalid digest: " + digest);
        }
        Descriptor.Builder d = Descriptor.newBuilder().setMediaType(node.path("mediaType").asText(""))
                .setDigest(digest).setSize(node.path("size").asLong(0));
        node.path("annotations").fields().forEachRemaining(e -> d.putAnnotations(e.getKey(), e.getValue().asText("")));
        if (node.path("platform").isObject()) {
            JsonNode p = node.path("platform");
            d.putAnnotations("linnet.platform", p.path("os").asText("") + "/" + p.path("architecture").asText("")
                    + (p.path("variant").asText("").isEmpty() ? "" : "/" + p.path("variant").asText("")));
        }
        return d.build();
    }

    /** Index (or manifest list) entries, as descriptors with a "linnet.platform" annotation when stated. */
    static List<Descriptor> indexManifests(String what, JsonNode root) {
        List<Descriptor> out = new ArrayList<>();
        for (JsonNode m : root.path("manifests")) {
            out.add(descriptor(m, "entry of " + what));
        }
        return out;
    }

    /** An OCI manifest, with keys in a fixed order so the same image always gets the same digest. */
    static byte[] ociManifest(Descriptor config, List<Descriptor> layers) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaTypes.OCI_MANIFEST);
        root.set("config", descriptorJson(config));
        ArrayNode array = root.putArray("layers");
        layers.forEach(l -> array.add(descriptorJson(l)));
        return write(root);
    }

    private static ObjectNode descriptorJson(Descriptor d) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("mediaType", d.getMediaType());
        node.put("digest", d.getDigest());
        node.put("size", d.getSize());
        return node;
    }

    /** The archive or image content is malformed (turned into a 400 with the context). */
    static final class MalformedException extends RuntimeException {
        MalformedException(String message) {
            super(message);
        }
    }

    /** A list of strings under {@code key}; null stays null, as Go writes a nil slice. */
    static void putStrings(ObjectNode parent, String key, List<String> values) {
        if (values == null) {
            parent.putNull(key);
            return;
        }
        ArrayNode a = parent.putArray(key);
        values.forEach(a::add);
    }
}
