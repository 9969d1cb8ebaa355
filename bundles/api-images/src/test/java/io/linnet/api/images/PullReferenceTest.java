package io.linnet.api.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linnet.engine.api.registry.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PullReferenceTest {

    @Test
    void tagParameterIsATagOrADigest() {
        assertEquals("localhost:5000/busybox:1", ImagesResource.pullReference("localhost:5000/busybox", "1").toString());
        assertEquals("docker.io/library/busybox:latest", ImagesResource.pullReference("busybox", "").toString());
        assertEquals("docker.io/library/busybox:2", ImagesResource.pullReference("busybox:1", "2").toString());
        String digest = "sha256:" + "a".repeat(64);
        assertEquals("localhost:5000/x@" + digest, ImagesResource.pullReference("localhost:5000/x", digest).toString());
    }

    @Test
    void registryAuthHeaderAsTheCliEncodesIt() {
        String json = "{\"username\":\"alice\",\"password\":\"s3cr=t\",\"serveraddress\":\"localhost:5000\"}";
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        RegistryAuth auth = RegistryAuthHeader.decode(header);
        assertEquals("alice", auth.username());
        assertEquals("s3cr=t", auth.password());
        assertEquals("localhost:5000", auth.serverAddress());
        String viaAuth = Base64.getEncoder().encodeToString(("{\"Auth\":\"" + Base64.getEncoder()
                .encodeToString("bob:pw".getBytes()) + "\"}").getBytes());
        assertEquals("bob", RegistryAuthHeader.decode(viaAuth).username());
        assertEquals("pw", RegistryAuthHeader.decode(viaAuth).password());
        assertEquals(RegistryAuth.NONE, RegistryAuthHeader.decode(null));
        assertEquals(RegistryAuth.NONE, RegistryAuthHeader.decode("%%%"));
    }
}
