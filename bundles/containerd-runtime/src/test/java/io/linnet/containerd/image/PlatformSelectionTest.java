package io.linnet.containerd.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linnet.containerd.image.PlatformSelection.Platform;
import io.linnet.containerd.proto.types.Descriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformSelectionTest {
    private static final String INDEX = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":1,
              "platform":{"os":"linux","architecture":"arm","variant":"v7"}},
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":1,
              "platform":{"os":"linux","architecture":"arm64","variant":"v8"}},
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":1,
              "platform":{"os":"linux","architecture":"amd64"}},
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":1,
              "platform":{"os":"unknown","architecture":"unknown"}}
            ]}""".formatted("1".repeat(64), "2".repeat(64), "3".repeat(64), "4".repeat(64));

    private static List<Descriptor> entries() {
        return ImageJson.indexManifests("test", ImageJson.parse(INDEX.getBytes(StandardCharsets.UTF_8), "test"));
    }

    private static String picked(String platform) {
        return PlatformSelection.pick(entries(), PlatformSelection.parse(platform)).map(Descriptor::getDigest)
                .map(d -> d.substring(7, 8)).orElse("none");
    }

    @Test
    void picksTheRequestedOrHostPlatform() {
        assertEquals("3", picked("linux/amd64"));
        assertEquals("3", picked("amd64"));
        assertEquals("2", picked("linux/arm64"));
        assertEquals("2", picked("linux/arm64/v8"));
        assertEquals("1", picked("linux/arm/v7"));
        assertEquals("1", picked("linux/arm")); // entry variant is v7, none asked: loose match
        assertEquals("none", picked("linux/s390x"));
        assertEquals("none", picked("windows/amd64"));
        assertEquals(new Platform("linux", Platforms.architecture(), ""), PlatformSelection.parse(""));
        assertThrows(io.linnet.engine.api.InvalidParameterException.class, () -> PlatformSelection.parse("a/b/c/d"));
    }

    @Test
    void anIndexWithoutPlatformsGivesItsManifest() {
        List<Descriptor> plain = List.of(Descriptor.newBuilder().setDigest("sha256:" + "5".repeat(64))
                .setMediaType(MediaTypes.OCI_MANIFEST).build());
        assertTrue(PlatformSelection.pick(plain, PlatformSelection.host()).isPresent());
    }

    @Test
    void layerMediaTypesThatCanBePulled() {
        assertTrue(RegistryPuller.isPullableLayer("application/vnd.docker.image.rootfs.diff.tar.gzip"));
        assertTrue(RegistryPuller.isPullableLayer("application/vnd.oci.image.layer.v1.tar+gzip"));
        assertTrue(RegistryPuller.isPullableLayer("application/vnd.oci.image.layer.v1.tar"));
        assertFalse(RegistryPuller.isPullableLayer("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"));
    }

    @Test
    void verifyingStreamRejectsWrongDigestAndSize() throws IOException {
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        String digest = Digests.of(data);
        try (var in = new VerifyingInputStream(new ByteArrayInputStream(data), digest, 5)) {
            assertEquals(5, in.readAllBytes().length);
        }
        assertThrows(IOException.class, () -> new VerifyingInputStream(new ByteArrayInputStream(data),
                Digests.of("other".getBytes()), 5).readAllBytes());
        assertThrows(IOException.class, () -> new VerifyingInputStream(new ByteArrayInputStream(data), digest, 4)
                .readAllBytes());
        assertThrows(IOException.class, () -> new VerifyingInputStream(new ByteArrayInputStream(data), digest, 6)
                .readAllBytes());
    }
}
