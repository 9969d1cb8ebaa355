package io.linnet.builder;

import io.linnet.builder.dockerfile.DockerfileParseException;
import io.linnet.builder.dockerfile.DockerfileParser;
import io.linnet.builder.dockerfile.Instruction;
import io.linnet.builder.dockerfile.InstructionParser;
import io.linnet.builder.dockerfile.RawInstruction;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.build.BuildOutput;
import io.linnet.engine.api.build.BuildRequest;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.image.ImageLayers;
import io.linnet.engine.api.image.ImageService;
import io.linnet.engine.api.registry.ImageDistribution;
import io.linnet.files.ConfinedRoot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One classic-builder build (moby's builder/dockerfile evaluator): the Dockerfile's stages, run
 * instruction by instruction, each dispatched to the step that does it.
 */
final class Build {
    private final ImageService images;
    private final BuildRequest request;
    private final BuildOutput out;
    private final char escape;
    private final BuildArgs buildArgs;
    private final StageImages stageImages = new StageImages();
    private final FromStep fromStep;
    private final RunStep runStep;
    private final CopyStep copyStep;
    private final ConfigDispatcher configs;
    private int step;
    private int total;

    Build(ImageService images, ContainerService containers, ImageLayers layers, BuildCache cache, ConfinedRoot context,
            BuildRequest request, BuildOutput out, char escape, ImageDistribution distribution) {
        this.images = images;
        this.request = request;
        this.out = out;
        this.escape = escape;
        StepCache steps = new StepCache(cache, images, request.noCache(), out);
        this.buildArgs = new BuildArgs(request.buildArgs(), escape);
        this.fromStep = new FromStep(images, distribution, request, out, stageImages);
        this.runStep = new RunStep(containers, layers, steps, request, out);
        this.copyStep = new CopyStep(images, layers, cache, steps, context, stageImages);
        this.configs = new ConfigDispatcher(layers, steps, buildArgs, out);
    }

    private record Stage(Instruction.From from, List<Instruction> commands) {
    }

    String run(List<Instruction> instructions) {
        List<Instruction> metaArgs = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        for (Instruction i : instructions) {
            if (i.keyword().equals("FROM")) {
                stages.add(new Stage((Instruction.From) i.valid(), new ArrayList<>()));
            } else if (stages.isEmpty()) {
                if (!i.keyword().equals("ARG")) {
                    throw new DockerfileParseException(i.line(), "no build stage in current context");
                }
                metaArgs.add(i);
            } else {
                stages.get(stages.size() - 1).commands().add(i);
            }
        }
        if (stages.isEmpty()) {
            throw new InvalidParameterException("No image was generated. Is your Dockerfile empty?");
        }
        stages = upToTarget(stages);
        stages.get(stages.size() - 1).commands().addAll(buildTimeLabels());
        total = metaArgs.size() + stages.size();
        for (Stage s : stages) {
            total += s.commands().size();
        }
        for (Instruction i : metaArgs) {
            printStep(i);
            buildArgs.declareMeta((Instruction.Arg) i.valid());
        }
        StageState state = null;
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            state = new StageState();
            printStep(stage.from());
            fromStep.execute(state, stage.from(), buildArgs.metaLex());
            onBuildTriggers(state);
            out.stream(" ---> " + shortId(state.imageId) + "\n");
            for (Instruction i : stage.commands()) {
                printStep(i);
                dispatch(state, i);
                out.stream(" ---> " + shortId(state.imageId) + "\n");
            }
            if (!state.imageId.isEmpty()) {
                out.imageId(state.imageId);
            }
            stageImages.add(s, stage.from().stageName(), state.imageId);
        }
        buildArgs.unusedWarning().ifPresent(out::stream);
        if (state.imageId.isEmpty()) {
            throw new InvalidParameterException("No image was generated. Is your Dockerfile empty?");
        }
        return state.imageId;
    }

    /** The stages up to the one --target names (the last one of that name), all without a target. */
    private List<Stage> upToTarget(List<Stage> stages) {
        if (request.target().isEmpty()) {
            return stages;
        }
        int found = -1;
        for (int s = 0; s < stages.size(); s++) {
            if (request.target().equalsIgnoreCase(stages.get(s).from().stageName())) {
                found = s;
            }
        }
        if (found < 0) {
            throw new InvalidParameterException("failed to reach build target " + request.target() + " in Dockerfile");
        }
        return stages.subList(0, found + 1);
    }

    /** Build-time labels are LABEL steps added to the last stage, sorted by key, as dockerd's. */
    private List<Instruction> buildTimeLabels() {
        List<Instruction> labels = new ArrayList<>();
        for (String key : new TreeSet<>(request.labels().keySet())) {
            String value = request.labels().get(key);
            labels.add(InstructionParser.parse(new RawInstruction(0, "LABEL", Map.of(),
                    singleQuoted(key) + "=" + singleQuoted(value), null, "LABEL " + key + "=" + value), escape));
        }
        return labels;
    }

    private void printStep(Instruction i) {
        step++;
        out.stream("Step " + step + "/" + total + " : " + i.original() + "\n");
    }

    /** The base image's ONBUILD triggers run first, as dockerd's builder does right after FROM. */
    private void onBuildTriggers(StageState state) {
        if (state.imageId.isEmpty()) {
            return;
        }
        List<String> triggers = images.inspect(state.imageId).config().onBuild();
        if (triggers.isEmpty()) {
            return;
        }
        out.stream("# Executing " + triggers.size() + " build trigger" + (triggers.size() > 1 ? "s" : "") + "\n");
        for (String trigger : triggers) {
            for (Instruction i : DockerfileParser.parse(trigger).instructions()) {
                dispatch(state, i);
            }
        }
    }

    /** One instruction of a stage (moby's dispatch): RUN and COPY/ADD make layers, the others change the config. */
    private void dispatch(StageState state, Instruction i) {
        try {
            Instruction instruction = i.valid();
            if (instruction instanceof Instruction.Run run) {
                runStep.execute(state, run);
            } else if (instruction instanceof Instruction.Copy copy) {
                copyStep.execute(state, copy, state.lex(escape));
            } else {
                configs.dispatch(state, instruction, state.lex(escape));
            }
        } catch (IllegalArgumentException e) {
            // word expansion's errors (an unmatched quote, a bad substitution) name the instruction's line
            throw new DockerfileParseException(i.line(), e.getMessage());
        }
    }

    private static String singleQuoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String shortId(String id) {
        if (id == null || id.isEmpty()) {
            return "";
        }
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
