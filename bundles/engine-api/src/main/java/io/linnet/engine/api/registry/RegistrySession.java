package io.linnet.engine.api.registry;

import java.io.InputStream;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Requests against one repository of one registry, with the authentication the registry asked
 * for (basic, or bearer tokens from its token server). Safe for concurrent use.
 */
public interface RegistrySession {

    /** The media types a manifest GET accepts: OCI index and manifest, Docker manifest list and schema 2. */
    List<String> MANIFEST_TYPES = List.of(
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    /** "localhost:5000/busybox", as errors name it. */
    String repository();

    /**
     * A manifest or index by tag or digest. The digest is computed from the bytes and, when fetched
     * by digest, checked against it.
     *
     * @throws io.linnet.engine.api.NotFoundException with dockerd's text when the registry does not know it
     */
    Manifest manifest(String tagOrDigest);

    /** Whether the registry holds a blob (HEAD). */
    boolean hasBlob(String digest);

    /**
     * A blob's bytes as the registry sends them (the caller verifies the digest while it stores
     * them); close the stream to abort.
     */
    Blob blob(String digest);

    /**
     * Uploads a blob (POST, then PUT with the digest) from a stream of {@code size} bytes.
     *
     * @param progress told the bytes sent so far, or null
     */
    void putBlob(String digest, long size, Supplier<InputStream> content, LongConsumer progress);

    /** PUTs a manifest under a tag (or its digest); returns the digest the registry reports. */
    String putManifest(String tagOrDigest, String mediaType, byte[] content);

    /** A manifest as fetched: media type (from the response, else the document), digest, bytes. */
    record Manifest(String mediaType, String digest, byte[] content) {
    }

    /** An open blob download; {@code size} is -1 when the registry did not say. */
    record Blob(InputStream stream, long size) implements AutoCloseable {
        @Override
        public void close() {
            try {
                stream.close();
            } catch (java.io.IOException ignored) {
                // closing a download only aborts it
            }
        }
    }

    /**
     * The repository's tags (GET /v2/&lt;name&gt;/tags/list, following the registry's pages), for
     * {@code docker pull --all-tags}.
     */
    List<String> tags();

    /**
     * A blob's bytes from {@code offset} on (an HTTP range request), to resume a download that broke.
     * A registry that ignores the range still serves the right bytes: the ones before offset are skipped.
     */
    Blob blob(String digest, long offset);

    /**
     * Cross-repository mount: asks the registry to link {@code digest} from {@code fromRepository}
     * (a path on the same registry) into this repository. False when it did not (the caller uploads).
     */
    default boolean mountBlob(String digest, String fromRepository) {
        return false;
    }
}
