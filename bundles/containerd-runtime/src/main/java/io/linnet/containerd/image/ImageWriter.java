package io.linnet.containerd.image;

import io.linnet.containerd.proto.types.Descriptor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Makes verified content an image containerd keeps: GC labels, unpacked layers, a manifest. */
final class ImageWriter {

    private final ContentStore content;
    private final Snapshots snapshots;

    ImageWriter(ContentStore content, Snapshots snapshots) {
        this.content = content;
        this.snapshots = snapshots;
    }

    /**
     * Labels the layers and the config, unpacks the layers, and writes an OCI manifest for them
     * ({@code manifest} null) or labels the given one. Everything stays under the lease.
     *
     * @return the manifest's descriptor, for the image record
     */
    Descriptor commit(String leaseId, Descriptor config, List<Descriptor> layers, List<String> diffIds,
            Descriptor manifest) {
        for (int i = 0; i < layers.size(); i++) {
            if (!layers.get(i).getDigest().equals(diffIds.get(i))) {
                content.addLabels(layers.get(i).getDigest(), Map.of("containerd.io/uncompressed", diffIds.get(i)));
            }
        }
        snapshots.unpack(leaseId, layers, diffIds);
        if (!diffIds.isEmpty()) {
            List<String> chains = Digests.chainIds(diffIds);
            content.addLabels(config.getDigest(), Map.of("containerd.io/gc.ref.snapshot." + Snapshots.SNAPSHOTTER,
                    chains.get(chains.size() - 1)));
        }
        Map<String, String> refs = new LinkedHashMap<>();
        refs.put("containerd.io/gc.ref.content.config", config.getDigest());
        for (int i = 0; i < layers.size(); i++) {
            refs.put("containerd.io/gc.ref.content.l." + i, layers.get(i).getDigest());
        }
        if (manifest != null) {
            content.addLabels(manifest.getDigest(), refs);
            return manifest;
        }
        byte[] json = ImageJson.ociManifest(config, layers);
        ContentStore.Blob blob = content.write(leaseId, json, refs);
        return Descriptor.newBuilder().setMediaType(MediaTypes.OCI_MANIFEST).setDigest(blob.digest())
                .setSize(blob.size()).build();
    }
}
