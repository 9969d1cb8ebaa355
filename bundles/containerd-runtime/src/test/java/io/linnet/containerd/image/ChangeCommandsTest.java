package io.linnet.containerd.image;

import io.linnet.engine.api.InvalidParameterException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChangeCommandsTest {

    @Test
    void jsonAndShellForms() {
        ChangeCommands c = ChangeCommands.parse(List.of("CMD [\"echo\",\"hi\"]", "entrypoint exec \"$0\""));
        assertEquals(List.of("echo", "hi"), c.cmd);
        assertEquals(List.of("/bin/sh", "-c", "exec \"$0\""), c.entrypoint);
        assertEquals(List.of("/bin/sh", "-c", "echo [not json"), ChangeCommands.parse(List.of("CMD echo [not json")).cmd);
    }

    @Test
    void entrypointResetsCmdUnlessCmdWasGiven() {
        assertNull(ChangeCommands.parse(List.of("ENTRYPOINT [\"a\"]")).cmd);
        assertEquals(List.of("b"), ChangeCommands.parse(List.of("CMD [\"b\"]", "ENTRYPOINT [\"a\"]")).cmd);
    }

    @Test
    void envAndLabelPairsAndLegacyForm() {
        ChangeCommands c = ChangeCommands.parse(List.of("ENV A=1 B=\"two words\" C=x\\ y", "ENV D some value",
                "ENV A=3", "LABEL a=b \"c d\"=e", "LABEL legacy the value"));
        assertEquals(List.of("A=3", "B=two words", "C=x y", "D=some value"), c.env);
        assertEquals(Map.of("a", "b", "c d", "e", "legacy", "the value"), c.labels);
        assertThrows(InvalidParameterException.class, () -> ChangeCommands.parse(List.of("ENV A=1 B")));
        assertThrows(InvalidParameterException.class, () -> ChangeCommands.parse(List.of("ENV")));
    }

    @Test
    void exposeVolumeWorkdirUserStopsignal() {
        ChangeCommands c = ChangeCommands.parse(List.of("EXPOSE 80 8000-8002/udp", "VOLUME [\"/a\", \"/b\"]", "VOLUME /c /d",
                "WORKDIR /srv", "WORKDIR app/../web", "USER 1000:1000", "STOPSIGNAL 9"));
        assertEquals(List.of("80/tcp", "8000/udp", "8001/udp", "8002/udp"), List.copyOf(c.exposedPorts));
        assertEquals(List.of("/a", "/b", "/c", "/d"), List.copyOf(c.volumes));
        assertEquals("/srv/web", c.workingDir);
        assertEquals("1000:1000", c.user);
        assertEquals("9", c.stopSignal);
        assertThrows(InvalidParameterException.class, () -> ChangeCommands.parse(List.of("EXPOSE 70000")));
        assertThrows(InvalidParameterException.class, () -> ChangeCommands.parse(List.of("EXPOSE 80/xyz")));
    }

    @Test
    void unknownInstructionsAreRejectedAsDockerdDoes() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> ChangeCommands.parse(List.of("run apt-get update")));
        assertEquals("RUN is not a valid change command", e.getMessage());
        assertEquals("FROM is not a valid change command",
                assertThrows(InvalidParameterException.class, () -> ChangeCommands.parse(List.of("FROM x"))).getMessage());
    }

    @Test
    void configJsonUsesDockerKeys() {
        String json = new String(ImageJson.write(ChangeCommands.parse(List.of("CMD [\"sh\"]", "EXPOSE 80", "LABEL a=b")).toJson()));
        assertEquals(true, json.contains("\"Cmd\":[\"sh\"]"), json);
        assertEquals(true, json.contains("\"ExposedPorts\":{\"80/tcp\":{}}"), json);
        assertEquals(true, json.contains("\"Labels\":{\"a\":\"b\"}"), json);
    }
}
