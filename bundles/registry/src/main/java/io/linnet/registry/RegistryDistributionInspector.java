package io.linnet.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.engine.api.image.ImageReference;
import io.linnet.engine.api.registry.DistributionInspector;
import io.linnet.engine.api.registry.RegistryAuth;
import io.linnet.engine.api.registry.RegistryClient;
import io.linnet.engine.api.registry.RegistryException;
import io.linnet.engine.api.registry.RegistrySession;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Distribution inspect as dockerd does it: the manifest's descriptor, and its platforms: those an
 * index lists, or, for a single manifest, the one its image configuration states.
 */
@Component(service = DistributionInspector.class)
public final class RegistryDistributionInspector implements DistributionInspector {
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();
    /** An image configuration is small; a larger "config" is not one. */
    private static final int CONFIG_LIMIT = 8 * 1024 * 1024;
    private final RegistryClient registry;

    @Activate
    public RegistryDistributionInspector(@Reference RegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public Distribution inspect(ImageReference reference, RegistryAuth auth) {
        RegistrySession session = registry.open(reference, auth, false);
        String tagOrDigest = reference.digest() != null ? reference.digest()
                : reference.tag() != null ? reference.tag() : ImageReference.DEFAULT_TAG;
        RegistrySession.Manifest manifest = session.manifest(tagOrDigest);
        JsonNode document = parse(manifest.content(), session.repository());
        List<Platform> platforms = new ArrayList<>();
        if (document.has("manifests")) {
            for (JsonNode entry : document.path("manifests")) {
                JsonNode p = entry.path("platform");
                if (!p.isMissingNode()) {
                    platforms.add(platform(p));
                }
            }
        } else {
            String configDigest = document.path("config").path("digest").asText("");
            if (!configDigest.isEmpty()) {
                platforms.add(platform(config(session, configDigest)));
            }
        }
        return new Distribution(manifest.mediaType(), manifest.digest(), manifest.content().length,
                List.copyOf(platforms));
    }

    private static JsonNode config(RegistrySession session, String digest) {
        try (RegistrySession.Blob blob = session.blob(digest); InputStream in = blob.stream()) {
            byte[] bytes = in.readNBytes(CONFIG_LIMIT + 1);
            if (bytes.length > CONFIG_LIMIT) {
                throw new RegistryException("image configuration " + digest + " of " + session.repository()
                        + " is larger than " + CONFIG_LIMIT + " bytes");
            }
            return parse(bytes, session.repository());
        } catch (IOException e) {
            throw new RegistryException("reading image configuration " + digest + " of " + session.repository()
                    + ": " + e.getMessage(), e);
        }
    }

    static Platform platform(JsonNode p) {
        List<String> features = new ArrayList<>();
        p.path("os.features").forEach(f -> features.add(f.asText()));
        return new Platform(p.path("architecture").asText(""), p.path("os").asText(""),
                p.path("os.version").asText(""), List.copyOf(features), p.path("variant").asText(""));
    }

    private static JsonNode parse(byte[] bytes, String repository) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new RegistryException("invalid JSON from registry for " + repository + ": " + e.getMessage(), e);
        }
    }
}
