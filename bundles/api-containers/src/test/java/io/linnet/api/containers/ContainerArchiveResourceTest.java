package io.linnet.api.containers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linnet.engine.api.container.ContainerFiles.Change;
import io.linnet.engine.api.container.ContainerFiles.PathStat;
import io.linnet.engine.testing.FakeEngineResourceTest;
import io.linnet.http.InMemoryApi.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContainerArchiveResourceTest extends FakeEngineResourceTest {

    @BeforeAll
    static void serveResources() {
        serve(new ContainerArchiveResource(engine.files()));
    }

    @BeforeEach
    void container() {
        engine.images().add("busybox", 1);
        engine.containers().add("web", "busybox");
    }

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

    @Test
    void archiveAnswersTheTarWithThePathStatHeader() {
        engine.files().put("web", "/etc/motd", "hi\n".getBytes(StandardCharsets.UTF_8));

        Answer head = api.send("HEAD", "/containers/web/archive?path=%2Fetc%2Fmotd", null, null);
        assertEquals(200, head.status());
        String stat = new String(Base64.getDecoder().decode(head.header("X-Docker-Container-Path-Stat")),
                StandardCharsets.UTF_8);
        assertEquals("{\"name\":\"motd\",\"size\":3,\"mode\":420,\"mtime\":\"2024-01-02T03:04:05Z\",\"linkTarget\":\"\"}",
                stat);
        Answer get = api.get("/containers/web/archive?path=/etc/motd");
        assertEquals(200, get.status());
        assertEquals("application/x-tar", get.header("Content-Type"));
        assertEquals("hi\n", get.body());
    }

    @Test
    void missingFilesAndContainersAre404() {
        Answer missing = api.get("/containers/web/archive?path=/nope");
        assertEquals(404, missing.status());
        assertEquals("Could not find the file /nope in container web", missing.message());
        assertEquals(404, api.send("HEAD", "/containers/web/archive?path=/nope", null, null).status());
        assertEquals("No such container: nosuch", api.get("/containers/nosuch/export").message());
    }

    @Test
    void extractHandsTheBodyToTheEngine() {
        Answer put = api.send("PUT", "/containers/web/archive?path=/tmp", "application/x-tar", "tar bytes");
        assertEquals(200, put.status());
        assertArrayEquals("tar bytes".getBytes(StandardCharsets.UTF_8), engine.files().read("web", "/tmp"));
    }

    @Test
    void changesAreNullWhenNothingChanged() {
        assertEquals("null", api.get("/containers/web/changes").body());
        engine.files().setChanges("web", List.of(new Change("/tmp", Change.MODIFIED), new Change("/tmp/x", Change.ADDED)));
        assertEquals("[{\"Path\":\"/tmp\",\"Kind\":0},{\"Path\":\"/tmp/x\",\"Kind\":1}]",
                api.get("/containers/web/changes").body());
    }
}
