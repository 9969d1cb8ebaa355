package io.linnet.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** What a manifest document is when the registry's Content-Type does not say. */
final class Manifests {
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();

    private Manifests() {
    }

    /** The document's own mediaType, else an OCI index (it lists manifests) or manifest (it has a config). */
    static String mediaTypeOf(byte[] document) {
        try {
            JsonNode root = JSON.readTree(document);
            String own = root.path("mediaType").asText("");
            if (!own.isEmpty()) {
                return own;
            }
            if (root.path("manifests").isArray()) {
                return OCI_INDEX;
            }
            if (root.path("config").isObject()) {
                return OCI_MANIFEST;
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }
}
