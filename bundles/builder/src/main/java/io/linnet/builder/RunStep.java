package io.linnet.builder;

import io.linnet.api.model.container.ContainerConfig;
import io.linnet.api.model.container.HostConfig;
import io.linnet.builder.dockerfile.Instruction;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.build.BuildFailedException;
import io.linnet.engine.api.build.BuildOutput;
import io.linnet.engine.api.build.BuildRequest;
import io.linnet.engine.api.container.Container;
import io.linnet.engine.api.container.ContainerCreate;
import io.linnet.engine.api.container.ContainerService;
import io.linnet.engine.api.image.ImageLayers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** RUN: the command in a container on the stage's image, its output in the build stream, its changes committed. */
final class RunStep {
    /** dockerd's build stream shows a RUN step's stderr between these (bright red, then reset). */
    private static final String STDERR_START = "\u001b[91m";
    private static final String STDERR_END = "\u001b[0m";

    private final ContainerService containers;
    private final ImageLayers layers;
    private final StepCache cache;
    private final BuildRequest request;
    private final BuildOutput out;

    RunStep(ContainerService containers, ImageLayers layers, StepCache cache, BuildRequest request, BuildOutput out) {
        this.containers = containers;
        this.layers = layers;
        this.cache = cache;
        this.request = request;
        this.out = out;
    }

    void execute(StageState state, Instruction.Run run) {
        if (state.imageId.isEmpty()) {
            throw new InvalidParameterException("Please provide a source image with `from` prior to run");
        }
        List<String> cmd = state.config.command(run.command());
        // Build args in effect are part of the step (and of its created_by, as "|N k=v ...").
        List<String> argEnv = new ArrayList<>();
        state.args.forEach((k, v) -> {
            if (v != null && state.config.env(k) == null) {
                argEnv.add(k + "=" + v);
            }
        });
        String createdBy = (argEnv.isEmpty() ? "" : "|" + argEnv.size() + " " + String.join(" ", argEnv) + " ")
                + String.join(" ", cmd);
        String key = StepCache.key(state, "RUN " + createdBy, "", "");
        if (cache.reuse(state, key)) {
            return;
        }
        // the stage's image with the command, no entrypoint, the build args as env (the image's env merged by the engine)
        ContainerConfig config = new ContainerConfig("", "", state.config.user, false, false, false, null, false, false,
                false, argEnv, cmd, null, null, state.imageId, null, state.config.workingDir, List.of(), null, null, null,
                null, null, null, null);
        // --network and --add-host of the build apply to every RUN container, as in moby's builder
        HostConfig host = new HostConfig.Builder().networkMode(request.networkMode())
                .extraHosts(request.extraHosts().isEmpty() ? null : request.extraHosts()).build();
        Container container = containers.create(new ContainerCreate("", config, host, Map.of()));
        String id = container.id();
        out.stream(" ---> Running in " + id.substring(0, 12) + "\n");
        boolean ok = false;
        try {
            int code = runToExit(id);
            if (code != 0) {
                throw new BuildFailedException("The command '" + String.join(" ", cmd)
                        + "' returned a non-zero code: " + code, code);
            }
            state.imageId = layers.commitContainer(id, state.imageId,
                    new ImageLayers.Step(state.config.toImageConfig(), createdBy, "", ""));
            cache.record(key, state.imageId, createdBy);
            ok = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailedException("build interrupted");
        } catch (ExecutionException e) {
            throw new BuildFailedException("The command '" + String.join(" ", cmd) + "' failed: " + e.getCause());
        } finally {
            if (request.forceRemove() || (ok && request.remove())) {
                remove(id);
            }
        }
    }

    /** Starts the container with its output attached to the build stream; its exit code. */
    private int runToExit(String id) throws InterruptedException, ExecutionException {
        CompletionStage<Integer> exit = containers.wait(id, ContainerService.WaitCondition.NEXT_EXIT);
        try (ContainerService.Attachment attachment = containers.attach(id, false, true, true, (stream, time, data) -> {
            String text = new String(data, StandardCharsets.UTF_8);
            // held back by q=1 until a failure; stderr in red, as dockerd's stderr writer colours it
            out.stream(stream.equals("stderr") ? STDERR_START + text + STDERR_END : text);
            return true;
        })) {
            containers.start(id);
            int code = exit.toCompletableFuture().get();
            attachment.done().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return code;
        } catch (TimeoutException e) {
            return exit.toCompletableFuture().getNow(-1);
        }
    }

    private void remove(String id) {
        try {
            containers.remove(id, true);
            out.stream("Removing intermediate container " + id.substring(0, 12) + "\n");
        } catch (RuntimeException e) {
            // the build's result does not depend on it
        }
    }
}
