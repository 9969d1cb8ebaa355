package io.linnet.engine.api.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linnet.engine.api.InvalidParameterException;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void officialImagesLiveInLibraryOnDockerHub() {
        ImageReference r = ImageReference.parse("busybox");
        assertEquals("docker.io", r.domain());
        assertEquals("library/busybox", r.path());
        assertNull(r.tag());
        assertEquals("docker.io/library/busybox:latest", r.withDefaultTag().toString());
        assertEquals("busybox:latest", r.withDefaultTag().familiar());
    }

    @Test
    void userRepositoriesAndRegistries() {
        assertEquals("docker.io/user/app:1", ImageReference.parse("user/app:1").toString());
        assertEquals("user/app:1", ImageReference.parse("user/app:1").familiar());
        ImageReference local = ImageReference.parse("localhost:5000/x:1");
        assertEquals("localhost:5000", local.domain());
        assertEquals("localhost:5000/x:1", local.familiar());
        assertEquals("localhost/x", ImageReference.parse("localhost/x").repository());
        assertEquals("example.com/a/b/c", ImageReference.parse("example.com/a/b/c").repository());
        assertEquals("docker.io/library/ubuntu", ImageReference.parse("index.docker.io/ubuntu").repository());
        assertEquals("docker.io/library/ubuntu", ImageReference.parse("docker.io/library/ubuntu").repository());
        assertEquals("ubuntu", ImageReference.parse("docker.io/library/ubuntu").familiarRepository());
        // An upper-case first component is a registry host, as in docker/distribution.
        assertEquals("Example.com", ImageReference.parse("Example.com/x").domain());
    }

    @Test
    void digestsAndTags() {
        ImageReference r = ImageReference.parse("busybox@" + DIGEST);
        assertEquals(DIGEST, r.digest());
        assertNull(r.tag());
        assertEquals("busybox@" + DIGEST, r.familiar());
        assertEquals(r, r.withDefaultTag());
        ImageReference both = ImageReference.parse("busybox:1.36@" + DIGEST);
        assertEquals("1.36", both.tag());
        assertEquals(DIGEST, both.digest());
    }

    @Test
    void invalidReferencesGetDockerdsMessages() {
        assertMessage("invalid reference format", "");
        assertMessage("invalid reference format", "busy box");
        assertMessage("invalid reference format", "busybox:");
        assertMessage("invalid reference format", "-busybox");
        assertMessage("invalid reference format", "busybox:" + "x".repeat(129));
        assertMessage("invalid reference format: repository name must be lowercase", "BusyBox");
        assertMessage("invalid repository name (" + "a".repeat(64) + "), cannot specify 64-byte hexadecimal strings",
                "a".repeat(64));
        assertMessage("invalid reference format", "a/../b");
    }

    @Test
    void repositoryAndTagGivenApart() {
        assertEquals("docker.io/library/x:latest", ImageReference.parseRepositoryAndTag("x", "").toString());
        assertEquals("docker.io/library/x:v2", ImageReference.parseRepositoryAndTag("x", "v2").toString());
        assertEquals("localhost:5000/x:v2", ImageReference.parseRepositoryAndTag("localhost:5000/x", "v2").toString());
        assertThrows(InvalidParameterException.class, () -> ImageReference.parseRepositoryAndTag("x", "bad tag"));
        assertThrows(InvalidParameterException.class, () -> ImageReference.parseRepositoryAndTag("x@" + DIGEST, "v"));
    }

    private static void assertMessage(String expected, String input) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> ImageReference.parse(input));
        assertEquals(expected, e.getMessage(), "for " + input);
    }
}
