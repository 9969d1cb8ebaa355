package io.linnet.builder;

import io.linnet.builder.dockerfile.DockerfileParseException;
import io.linnet.builder.dockerfile.DockerfileParser;
import io.linnet.builder.dockerfile.Instruction;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.image.ImageConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigDispatcherTest {
    @TempDir
    Path root;

    private EngineFakes.Layers layers;
    private EngineFakes.Output out;
    private BuildArgs buildArgs;
    private ConfigDispatcher dispatcher;
    private StageState state;

    @BeforeEach
    void setUp() {
        layers = new EngineFakes.Layers();
        out = new EngineFakes.Output();
        StepCache cache = new StepCache(new BuildCache(root), EngineFakes.images(layers), false, out);
        buildArgs = new BuildArgs(Map.of("FROM_REQUEST", "r", "NOBODY_ASKED", "x"), '\\');
        dispatcher = new ConfigDispatcher(layers, cache, buildArgs, out);
        state = new StageState();
    }

    private Instruction dispatch(String line) {
        Instruction i = DockerfileParser.parse(line).instructions().get(0).valid();
        dispatcher.dispatch(state, i, state.lex('\\'));
        return i;
    }

    private String createdBy() {
        return layers.last().createdBy();
    }

    private ImageConfig committed() {
        return layers.last().config();
    }

    @Test
    void envExpandsWithTheStageEnvironmentAndCommitsAConfigStep() {
        dispatch("ENV A=1 B=\"two words\"");
        dispatch("ENV C=$A-${B}");
        assertEquals(List.of("A=1", "B=two words", "C=1-two words"), committed().env());
        assertEquals("/bin/sh -c #(nop)  ENV C=1-two words", createdBy());
        assertEquals(2, layers.steps.size());
        assertEquals(List.copyOf(layers.steps.keySet()).get(1), state.imageId);
        assertTrue(out.text.toString().matches("( ---> Running in [0-9a-f]{12}\nRemoving intermediate container "
                + "[0-9a-f]{12}\n){2}"), out.text.toString());
    }

    @Test
    void workdirResolvesAgainstTheWorkingDirectory() {
        dispatch("WORKDIR /app");
        dispatch("WORKDIR sub/../lib");
        assertEquals("/app/lib", committed().workingDir());
        assertEquals("/bin/sh -c #(nop) WORKDIR /app/lib", createdBy());
    }

    @Test
    void cmdAndEntrypointWrapShellFormInTheStageShell() {
        dispatch("SHELL [\"/bin/bash\", \"-c\"]");
        assertEquals("/bin/bash -c #(nop)  SHELL [/bin/bash -c]", createdBy());
        dispatch("CMD echo \"hi\"");
        assertEquals(List.of("/bin/bash", "-c", "echo \"hi\""), committed().cmd());
        assertFalse(committed().argsEscaped());
        assertEquals("/bin/bash -c #(nop)  CMD [\"/bin/bash\" \"-c\" \"echo \\\"hi\\\"\"]", createdBy());
        dispatch("ENTRYPOINT [\"top\", \"-b\"]");
        assertEquals(List.of("top", "-b"), committed().entrypoint());
        assertEquals("/bin/bash -c #(nop)  ENTRYPOINT [\"top\" \"-b\"]", createdBy());
    }

    @Test
    void portsVolumesLabelsUserAndStopSignal() {
        state.args.put("PORT", "8080");
        dispatch("EXPOSE 53/UDP $PORT");
        assertEquals("/bin/sh -c #(nop)  EXPOSE 53/UDP 8080", createdBy());
        dispatch("VOLUME /logs /data");
        dispatch("LABEL org.example=\"a b\"");
        assertEquals("/bin/sh -c #(nop)  LABEL org.example=a b", createdBy());
        dispatch("USER app:app");
        dispatch("STOPSIGNAL SIGINT");
        ImageConfig config = committed();
        assertEquals(List.of("53/udp", "8080/tcp"), config.exposedPorts());
        assertEquals(List.of("/data", "/logs"), config.volumes());
        assertEquals(Map.of("org.example", "a b"), config.labels());
        assertEquals("app:app", config.user());
        assertEquals("SIGINT", config.stopSignal());
        assertEquals("/bin/sh -c #(nop)  STOPSIGNAL SIGINT", createdBy());
    }

    @Test
    void anEmptyVolumeIsRefused() {
        state.args.put("EMPTY", "");
        var e = assertThrows(InvalidParameterException.class, () -> dispatch("VOLUME $EMPTY"));
        assertEquals("VOLUME specified can not be an empty string", e.getMessage());
        assertTrue(layers.steps.isEmpty());
    }

    @Test
    void healthcheckOnbuildAndMaintainer() {
        dispatch("HEALTHCHECK --interval=5s CMD true");
        assertEquals(List.of("CMD-SHELL", "true"), committed().healthcheck().test());
        assertEquals("/bin/sh -c #(nop)  HEALTHCHECK &{[\"CMD-SHELL\" \"true\"] \"5s\" \"0s\" \"0s\" '\\x00'}",
                createdBy());
        dispatch("ONBUILD RUN echo child");
        assertEquals(List.of("RUN echo child"), committed().onBuild());
        dispatch("MAINTAINER someone");
        assertEquals("/bin/sh -c #(nop)  MAINTAINER someone", createdBy());
    }

    @Test
    void argTakesTheRequestsValueElseItsDefaultElseTheMetaArgs() {
        buildArgs.declareMeta((Instruction.Arg) DockerfileParser.parse("ARG BASE=meta").instructions().get(0));
        dispatch("ARG FROM_REQUEST=default BASE OTHER=${BASE}-x NONE");
        assertEquals("r", state.args.get("FROM_REQUEST"));
        assertEquals("meta", state.args.get("BASE"));
        assertEquals("-x", state.args.get("OTHER")); // defaults expand before any of them is set
        assertTrue(state.args.containsKey("NONE"));
        assertNull(state.args.get("NONE"));
        assertEquals("/bin/sh -c #(nop)  ARG FROM_REQUEST=default BASE OTHER=${BASE}-x NONE", createdBy());
        assertEquals("[Warning] One or more build-args [NOBODY_ASKED] were not consumed\n",
                buildArgs.unusedWarning().orElseThrow());
    }

    @Test
    void theSameStepOnTheSameImageIsTakenFromTheCache() {
        dispatch("ENV A=1");
        String first = state.imageId;
        out.text.setLength(0);
        state = new StageState();
        dispatch("ENV A=1");
        assertEquals(first, state.imageId);
        assertEquals(" ---> Using cache\n", out.text.toString());
        assertEquals(1, layers.steps.size());
    }

    @Test
    void layerStepsAreNotConfigInstructions() {
        var e = assertThrows(DockerfileParseException.class, () -> dispatch("FROM busybox"));
        assertEquals("dockerfile parse error line 1: unknown instruction: FROM", e.getMessage());
        assertThrows(DockerfileParseException.class, () -> dispatch("RUN true"));
        assertThrows(DockerfileParseException.class, () -> dispatch("COPY a /b"));
    }

    @Test
    void everyOtherInstructionTypeIsDispatchedHere() {
        String dockerfile = """
                ENV A=1
                LABEL a=b
                ARG X
                MAINTAINER m
                EXPOSE 80
                WORKDIR /w
                USER u
                VOLUME /v
                STOPSIGNAL SIGINT
                CMD c
                ENTRYPOINT e
                SHELL ["sh"]
                HEALTHCHECK NONE
                ONBUILD RUN x
                """;
        Set<Class<?>> dispatched = new HashSet<>();
        for (Instruction i : DockerfileParser.parse(dockerfile).instructions()) {
            dispatcher.dispatch(state, i.valid(), state.lex('\\'));
            dispatched.add(i.getClass());
        }
        Set<Class<?>> expected = new HashSet<>(Arrays.asList(Instruction.class.getPermittedSubclasses()));
        expected.removeAll(Set.of(Instruction.From.class, Instruction.Run.class, Instruction.Copy.class,
                Instruction.Invalid.class));
        assertEquals(expected, dispatched);
    }
}
