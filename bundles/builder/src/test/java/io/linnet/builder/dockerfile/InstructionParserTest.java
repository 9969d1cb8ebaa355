package io.linnet.builder.dockerfile;

import io.linnet.builder.dockerfile.Instruction.ArgDeclaration;
import io.linnet.builder.dockerfile.Instruction.KeyValue;
import io.linnet.engine.api.InvalidParameterException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstructionParserTest {

    private static <T extends Instruction> T only(String line, Class<T> type) {
        return assertInstanceOf(type, DockerfileParser.parse(line).instructions().get(0));
    }

    /** The error an instruction keeps for the build to raise when it gets there. */
    private static String error(String dockerfile, int index) {
        Instruction i = DockerfileParser.parse(dockerfile).instructions().get(index);
        assertInstanceOf(Instruction.Invalid.class, i);
        return assertThrows(InvalidParameterException.class, i::valid).getMessage();
    }

    @Test
    void fromReadsTheImageAndTheStageName() {
        Instruction.From named = only("FROM ${BASE}:1 AS Build", Instruction.From.class);
        assertEquals("${BASE}:1", named.image());
        assertEquals("build", named.stageName());
        assertNull(only("FROM busybox", Instruction.From.class).stageName());
        assertEquals("dockerfile parse error line 1: FROM requires either one or three arguments",
                error("FROM a b", 0));
    }

    @Test
    void commandsKeepExecFormAndShellText() {
        Instruction.Run run = only("RUN echo $HOME", Instruction.Run.class);
        assertFalse(run.command().isJson());
        assertEquals("echo $HOME", run.command().text());
        assertEquals(List.of("sh", "-c"), only("CMD [\"sh\", \"-c\"]", Instruction.Cmd.class).command().json());
        assertTrue(only("ENTRYPOINT [\"top\"]", Instruction.Entrypoint.class).command().isJson());
    }

    @Test
    void copyAndAddReadTheirFlags() {
        Instruction.Copy copy = only("COPY --from=build --chown=app:app --chmod=640 a b /dst/", Instruction.Copy.class);
        assertFalse(copy.isAdd());
        assertEquals("build", copy.from());
        assertEquals("app:app", copy.chown());
        assertEquals(0640, copy.chmod());
        assertEquals("a b /dst/", copy.paths().text());
        Instruction.Copy add = only("ADD [\"x y\", \"/z/\"]", Instruction.Copy.class);
        assertTrue(add.isAdd());
        assertEquals(List.of("x y", "/z/"), add.paths().json());
        assertNull(add.from());
        assertNull(add.chown());
        assertEquals(-1, add.chmod());
    }

    @Test
    void copyRefusesUnknownFlagsAndBadModes() {
        assertEquals("Unknown flag: link", error("COPY --link a /b", 0));
        assertEquals("invalid chmod parameter: 8. it should be octal string and between 0 and 07777",
                error("ADD --chmod=8 a /b", 0));
        assertEquals("invalid chmod parameter: 17777. it should be octal string and between 0 and 07777",
                error("COPY --chmod=17777 a /b", 0));
    }

    @Test
    void envAndLabelPairsStayAsWritten() {
        assertEquals(List.of(new KeyValue("A", "1"), new KeyValue("B", "\"two words\""), new KeyValue("C", "$A")),
                only("ENV A=1 B=\"two words\" C=$A", Instruction.Env.class).pairs());
        assertEquals(List.of(new KeyValue("KEY", "a value")), only("ENV KEY a value", Instruction.Env.class).pairs());
        assertEquals(List.of(new KeyValue("org.example", "'x y'")),
                only("LABEL org.example='x y'", Instruction.Label.class).pairs());
        assertEquals("dockerfile parse error line 2: ENV must have two arguments", error("FROM b\nENV A\n", 1));
        assertEquals("dockerfile parse error line 1: LABEL requires at least one argument", error("LABEL", 0));
        assertEquals("dockerfile parse error line 1: Syntax error - can't find = in \"b\". Must be of the form: name=value",
                error("LABEL a=1 b", 0));
    }

    @Test
    void argDeclarationsKeepTheirDefaults() {
        assertEquals(List.of(new ArgDeclaration("A", null), new ArgDeclaration("B", "${A:-x}")),
                only("ARG A B=${A:-x}", Instruction.Arg.class).declarations());
        assertEquals("dockerfile parse error line 1: ARG names can not be blank", error("ARG =x", 0));
        assertEquals("dockerfile parse error line 1: ARG requires exactly one argument", error("ARG", 0));
    }

    @Test
    void singleArgumentInstructions() {
        assertEquals("$DIR/sub", only("WORKDIR $DIR/sub", Instruction.Workdir.class).path());
        assertEquals("1000:1000", only("USER 1000:1000", Instruction.User.class).user());
        assertEquals("SIGKILL", only("STOPSIGNAL SIGKILL", Instruction.StopSignal.class).signal());
        assertEquals("80/udp $PORT", only("EXPOSE 80/udp $PORT", Instruction.Expose.class).ports());
        assertEquals("someone", only("MAINTAINER someone", Instruction.Maintainer.class).name());
        assertEquals("dockerfile parse error line 1: WORKDIR requires exactly one argument", error("WORKDIR", 0));
        assertEquals("dockerfile parse error line 1: USER requires exactly one argument", error("USER", 0));
    }

    @Test
    void volumeShellHealthcheckAndOnbuild() {
        assertEquals(List.of("/data"), only("VOLUME [\"/data\"]", Instruction.Volume.class).paths().json());
        assertEquals("/a $B", only("VOLUME /a $B", Instruction.Volume.class).paths().text());
        assertEquals(List.of("/bin/bash", "-c"), only("SHELL [\"/bin/bash\", \"-c\"]", Instruction.Shell.class).shell());
        assertEquals("SHELL requires the arguments to be in JSON form", error("SHELL /bin/bash -c", 0));
        Instruction.Healthcheck check = only("HEALTHCHECK --retries=2 CMD true", Instruction.Healthcheck.class);
        assertEquals(List.of("CMD-SHELL", "true"), check.check().test());
        assertEquals(2, check.check().retries());
        assertEquals("dockerfile parse error line 1: Unknown flag: every", error("HEALTHCHECK --every=1s CMD true", 0));
        assertEquals("RUN echo child", only("ONBUILD RUN echo child", Instruction.Onbuild.class).trigger());
        assertEquals("FROM isn't allowed as an ONBUILD trigger", error("ONBUILD from busybox", 0));
    }

    @Test
    void anInvalidInstructionKeepsWhereItWasWritten() {
        Instruction bad = DockerfileParser.parse("FROM busybox\n\nENV\n").instructions().get(1);
        assertEquals(3, bad.line());
        assertEquals("ENV", bad.keyword());
        assertEquals("ENV", bad.original());
        Instruction good = DockerfileParser.parse("FROM busybox").instructions().get(0);
        assertSame(good, good.valid());
    }

    @Test
    void wordsAreExpandedOnlyWhenTheBuildGetsThere() {
        // an unmatched quote is an expansion error: the build raises it at this step, with its line
        assertEquals("\"a /b", only("COPY \"a /b", Instruction.Copy.class).paths().text());
    }
}
