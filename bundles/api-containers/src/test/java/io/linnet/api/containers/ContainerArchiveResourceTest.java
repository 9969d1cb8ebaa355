package io.linnet.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linnet.engine.api.container.ContainerFiles.PathStat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ContainerArchiveResourceTest {

    @Test
    void statHeaderIsDockerdsJson() {
        String header = ContainerArchiveResource.statHeader(new PathStat("etcl", 4, 134218239L,
                Instant.parse("2026-11-28T02:42:18.240663475Z"), "/etc"));
        assertEquals("{\"name\":\"etcl\",\"size\":4,\"mode\":134218239,\"mtime\":\"2026-11-28T02:42:18.240663475Z\","
                + "\"linkTarget\":\"/etc\"}", new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8));
    }

    @Test
    void goTimeDropsTrailingZeros() {
        assertEquals("2026-11-28T02:41:57Z", ContainerArchiveResource.goTime(Instant.parse("2026-11-28T02:41:57Z")));
        assertEquals("2026-11-28T02:41:57.1Z", ContainerArchiveResource.goTime(Instant.parse("2026-11-28T02:41:57.100Z")));
    }
}
