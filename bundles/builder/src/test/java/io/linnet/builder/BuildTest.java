package io.linnet.builder;

import io.linnet.builder.dockerfile.DockerfileParseException;
import io.linnet.builder.dockerfile.DockerfileParser;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.build.BuildRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluator on config-only stages FROM scratch: stages, step output, targets, when errors surface. */
class BuildTest {
    @TempDir
    Path root;

    private EngineFakes.Layers layers;
    private EngineFakes.Output out;

    @BeforeEach
    void setUp() {
        layers = new EngineFakes.Layers();
        out = new EngineFakes.Output();
    }

    private String build(String dockerfile, Map<String, String> labels, String target) {
        BuildRequest request = new BuildRequest("", List.of(), Map.of(), labels, target, false, true, false, false,
                false, Map.of());
        var parsed = DockerfileParser.parse(dockerfile);
        return new Build(EngineFakes.images(layers), null, layers, new BuildCache(root), null, request, out,
                parsed.escape(), null).run(parsed.instructions());
    }

    /** The step lines and image lines of the output, without the random ids of the config steps. */
    private String steps() {
        return out.text.toString().replaceAll(" ---> Running in \\w+\nRemoving intermediate container \\w+\n", "");
    }

    @Test
    void stepsAreCountedAndEachStageEndsOnItsImage() {
        String id = build("FROM scratch AS base\nENV A=1\nFROM base\nCMD [\"run\"]\n", Map.of("b", "2", "a", "1"), "");
        assertEquals(List.copyOf(layers.steps.keySet()).get(3), id);
        String first = layers.steps.keySet().iterator().next();
        assertEquals("""
                Step 1/6 : FROM scratch AS base
                 --->\s
                Step 2/6 : ENV A=1
                 ---> %s
                Step 3/6 : FROM base
                 ---> %s
                Step 4/6 : CMD ["run"]
                 ---> %s
                Step 5/6 : LABEL a=1
                 ---> %s
                Step 6/6 : LABEL b=2
                 ---> %s
                """.formatted(first.substring(7, 19), first.substring(7, 19),
                shortId(1), shortId(2), shortId(3)), steps());
        assertEquals(List.of(first, id), out.imageIds);
        assertEquals(Map.of("a", "1", "b", "2"), layers.last().config().labels());
    }

    private String shortId(int index) {
        return List.copyOf(layers.steps.keySet()).get(index).substring(7, 19);
    }

    @Test
    void aTargetEndsTheBuildAtItsStage() {
        String id = build("FROM scratch AS one\nENV A=1\nFROM scratch AS two\nENV B=2\n", Map.of(), "ONE");
        assertEquals(1, layers.steps.size());
        assertEquals(layers.steps.keySet().iterator().next(), id);
        assertTrue(out.text.toString().startsWith("Step 1/2 : FROM scratch AS one\n"));
        var e = assertThrows(InvalidParameterException.class,
                () -> build("FROM scratch AS one\nENV A=1\n", Map.of(), "three"));
        assertEquals("failed to reach build target three in Dockerfile", e.getMessage());
    }

    @Test
    void anInstructionsErrorSurfacesWhenTheBuildReachesIt() {
        var e = assertThrows(DockerfileParseException.class,
                () -> build("FROM scratch\nENV A=1\nLABEL\n", Map.of(), ""));
        assertEquals("dockerfile parse error line 3: LABEL requires at least one argument", e.getMessage());
        assertEquals(1, layers.steps.size());
        assertTrue(steps().endsWith("Step 3/3 : LABEL\n"), steps());
    }

    @Test
    void expansionErrorsNameTheLine() {
        var e = assertThrows(DockerfileParseException.class,
                () -> build("FROM scratch\nENV A=\"open\n", Map.of(), ""));
        assertEquals("dockerfile parse error line 2: unexpected end of statement while looking for matching "
                + "double-quote", e.getMessage());
    }

    @Test
    void onlyArgsComeBeforeTheFirstStage() {
        var e = assertThrows(DockerfileParseException.class, () -> build("ENV A=1\nFROM scratch\n", Map.of(), ""));
        assertEquals("dockerfile parse error line 1: no build stage in current context", e.getMessage());
        var empty = assertThrows(InvalidParameterException.class, () -> build("FROM scratch\n", Map.of(), ""));
        assertEquals("No image was generated. Is your Dockerfile empty?", empty.getMessage());
    }
}
