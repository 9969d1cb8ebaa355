package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.engine.api.container.ExecCreate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecProcessSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode containerSpec() throws Exception {
        return JSON.readTree("""
                {"ociVersion":"1.0.2-dev","process":{"terminal":false,"user":{"uid":5,"gid":6},
                 "args":["sleep","100"],"env":["PATH=/bin","HOSTNAME=abc","KEEP=1","DROP=1"],"cwd":"/srv",
                 "capabilities":{"bounding":["CAP_CHOWN"]},"noNewPrivileges":true,"apparmorProfile":"docker-default"},
                 "root":{"path":"rootfs"}}""");
    }

    @Test
    void keepsTheContainerProcessAndPutsTheExecOverIt() throws Exception {
        ExecCreate exec = new ExecCreate(List.of("sh", "-c", "id"), List.of("KEEP=2", "NEW=x", "DROP"), "", "", false,
                false, false, true, true, "");
        JsonNode p = ExecProcessSpec.build(containerSpec(), exec, null, List.of("CAP_CHOWN", "CAP_KILL"), 0, 0);
        assertEquals("[\"sh\",\"-c\",\"id\"]", p.path("args").toString());
        assertEquals("[\"PATH=/bin\",\"HOSTNAME=abc\",\"KEEP=2\",\"NEW=x\"]", p.path("env").toString());
        assertEquals("/srv", p.path("cwd").asText());
        assertEquals(5, p.path("user").path("uid").asInt());
        assertFalse(p.path("terminal").asBoolean());
        assertTrue(p.path("noNewPrivileges").asBoolean());
        assertEquals("[\"CAP_CHOWN\"]", p.path("capabilities").path("bounding").toString());
        assertTrue(p.path("consoleSize").isMissingNode());
    }

    @Test
    void ttyWorkingDirUserAndPrivileged() throws Exception {
        ExecCreate exec = new ExecCreate(List.of("sh"), List.of(), "/tmp", "7", true, true, true, true, false, "");
        JsonNode p = ExecProcessSpec.build(containerSpec(), exec, new ExecUser(7, 8, List.of(8L, 9L)),
                List.of("CAP_CHOWN", "CAP_KILL"), 24, 80);
        assertTrue(p.path("terminal").asBoolean());
        assertTrue(p.path("env").toString().contains("\"TERM=xterm\""), p.toString());
        assertEquals("/tmp", p.path("cwd").asText());
        assertEquals(7, p.path("user").path("uid").asInt());
        assertEquals(8, p.path("user").path("gid").asInt());
        assertEquals("[8,9]", p.path("user").path("additionalGids").toString());
        assertEquals("[\"CAP_CHOWN\",\"CAP_KILL\"]", p.path("capabilities").path("effective").toString());
        assertTrue(p.path("apparmorProfile").isMissingNode());
        assertEquals(24, p.path("consoleSize").path("height").asInt());
        assertEquals(80, p.path("consoleSize").path("width").asInt());
    }

    @Test
    void envOverridesAsMoby() {
        assertEquals(List.of("A=2", "C=3"), ExecProcessSpec.replaceOrAppend(List.of("A=1", "B=1"),
                List.of("A=2", "B", "C=3")));
    }
}
