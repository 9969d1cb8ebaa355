package io.linnet.builder.dockerfile;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerfileParserTest {

    @Test
    void everyInstructionParsesWithItsLine() {
        String text = """
                # syntax=docker/dockerfile:1
                ARG BASE=busybox
                FROM $BASE AS build
                RUN echo hi
                CMD ["sh"]
                ENTRYPOINT ["/bin/sh", "-c"]
                ENV A=1 B="two words"
                LABEL a=b
                EXPOSE 80/udp 443
                WORKDIR /app
                USER 1000:1000
                VOLUME ["/data"]
                STOPSIGNAL SIGTERM
                HEALTHCHECK --interval=5s CMD true
                SHELL ["/bin/sh", "-c"]
                ONBUILD RUN echo child
                COPY --chown=1:1 a b /dst/
                ADD --from=build x y
                MAINTAINER someone
                """;
        var result = DockerfileParser.parse(text);
        List<Instruction> all = result.instructions();
        assertEquals(18, all.size());
        assertEquals("ARG", all.get(0).keyword());
        assertEquals(2, all.get(0).line());
        assertEquals("FROM", all.get(1).keyword());
        assertEquals(List.of("sh"), all.get(3).json());
        assertNull(all.get(2).json());
        assertEquals(Map.of("interval", "5s"), all.get(12).flags());
        assertEquals("CMD true", all.get(12).rest());
        assertEquals(Map.of("chown", "1:1"), all.get(15).flags());
        assertEquals("a b /dst/", all.get(15).rest());
        assertEquals("build", all.get(16).flags().get("from"));
        assertEquals(19, all.get(17).line());
    }

    @Test
    void continuationsJoinAndSkipCommentsAndKeepTheFirstLine() {
        var all = DockerfileParser.parse("FROM busybox\nRUN echo a \\\n# a comment\n  && echo b\nCMD x\n").instructions();
        assertEquals(3, all.size());
        assertEquals("echo a   && echo b", all.get(1).rest());
        assertEquals(2, all.get(1).line());
        assertEquals(5, all.get(2).line());
    }

    @Test
    void escapeDirectiveChangesTheContinuationCharacter() {
        var result = DockerfileParser.parse("# escape=`\nFROM busybox\nRUN dir c:\\ `\n  && echo x\n");
        assertEquals('`', result.escape());
        assertEquals("dir c:\\   && echo x", result.instructions().get(1).rest());
    }

    @Test
    void directivesOnlyAtTheTop() {
        var result = DockerfileParser.parse("FROM busybox\n# escape=`\nRUN a \\\n b\n");
        assertEquals('\\', result.escape());
        assertEquals("a  b", result.instructions().get(1).rest());
    }

    @Test
    void jsonFormOnlyWhenValidJson() {
        var all = DockerfileParser.parse("FROM b\nCMD [\"a\", \"b\"]\nCMD [not json]\nRUN [\"x\", 1]\n").instructions();
        assertEquals(List.of("a", "b"), all.get(1).json());
        assertNull(all.get(2).json());
        assertNull(all.get(3).json());
        assertTrue(all.get(1).isJson());
    }

    @Test
    void unknownInstructionNamesTheLine() {
        var e = assertThrows(DockerfileParseException.class,
                () -> DockerfileParser.parse("FROM busybox\n\nFOO bar\n"));
        assertEquals("dockerfile parse error line 3: unknown instruction: FOO", e.getMessage());
    }

    @Test
    void keywordsAreCaseInsensitive() {
        var all = DockerfileParser.parse("from busybox\nrun true\n").instructions();
        assertEquals("FROM", all.get(0).keyword());
        assertEquals("RUN", all.get(1).keyword());
    }
}
