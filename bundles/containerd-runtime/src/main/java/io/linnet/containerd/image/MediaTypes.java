package io.linnet.containerd.image;

/** The media types Linnet reads, and the OCI ones it writes. */
final class MediaTypes {

    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    private MediaTypes() {
    }

    static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    /** The gzip form of a plain tar layer type (OCI "+gzip", Docker ".gzip"). */
    static String gzipOf(String layerType) {
        return layerType.startsWith("application/vnd.oci.") ? layerType + "+gzip" : layerType + ".gzip";
    }

    /** Layers stored as plain tar: their digest is their diff ID. */
    static boolean isUncompressedLayer(String mediaType) {
        return mediaType.endsWith(".tar") || mediaType.endsWith("rootfs.diff.tar");
    }
}
