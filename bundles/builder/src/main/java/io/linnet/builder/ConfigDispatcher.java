package io.linnet.builder;

import io.linnet.builder.dockerfile.DockerfileParseException;
import io.linnet.builder.dockerfile.GoFormat;
import io.linnet.builder.dockerfile.Healthchecks;
import io.linnet.builder.dockerfile.Instruction;
import io.linnet.builder.dockerfile.ShellLex;
import io.linnet.engine.api.InvalidParameterException;
import io.linnet.engine.api.build.BuildOutput;
import io.linnet.engine.api.image.ImageLayers;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The instructions that only change the stage's config (ENV, LABEL, ARG, CMD, WORKDIR, ...): each
 * commits a new config on the same layers, cached like any step, with dockerd's created_by text.
 */
final class ConfigDispatcher {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ImageLayers layers;
    private final StepCache cache;
    private final BuildArgs buildArgs;
    private final BuildOutput out;

    ConfigDispatcher(ImageLayers layers, StepCache cache, BuildArgs buildArgs, BuildOutput out) {
        this.layers = layers;
        this.cache = cache;
        this.buildArgs = buildArgs;
        this.out = out;
    }

    void dispatch(StageState state, Instruction i, ShellLex lex) {
        if (i instanceof Instruction.Env env) {
            env(state, env, lex);
        } else if (i instanceof Instruction.Label label) {
            label(state, label, lex);
        } else if (i instanceof Instruction.Arg arg) {
            arg(state, arg, lex);
        } else if (i instanceof Instruction.Maintainer maintainer) {
            commit(state, "MAINTAINER " + maintainer.name());
        } else if (i instanceof Instruction.Expose expose) {
            expose(state, expose, lex);
        } else if (i instanceof Instruction.Workdir workdir) {
            workdir(state, workdir, lex);
        } else if (i instanceof Instruction.User user) {
            user(state, user, lex);
        } else if (i instanceof Instruction.Volume volume) {
            volume(state, volume, lex);
        } else if (i instanceof Instruction.StopSignal stopSignal) {
            stopSignal(state, stopSignal, lex);
        } else if (i instanceof Instruction.Cmd cmd) {
            cmd(state, cmd);
        } else if (i instanceof Instruction.Entrypoint entrypoint) {
            entrypoint(state, entrypoint);
        } else if (i instanceof Instruction.Shell shell) {
            shell(state, shell);
        } else if (i instanceof Instruction.Healthcheck healthcheck) {
            healthcheck(state, healthcheck);
        } else if (i instanceof Instruction.Onbuild onbuild) {
            onbuild(state, onbuild);
        } else {
            // FROM, RUN and COPY are steps of their own; FROM gets here only as an image's ONBUILD trigger
            throw new DockerfileParseException(i.line(), "unknown instruction: " + i.keyword());
        }
    }

    private void env(StageState state, Instruction.Env env, ShellLex lex) {
        Map<String, String> pairs = expand(env.pairs(), lex);
        pairs.forEach(state.config::setEnv);
        commit(state, "ENV " + joinPairs(pairs));
    }

    private void label(StageState state, Instruction.Label label, ShellLex lex) {
        Map<String, String> pairs = expand(label.pairs(), lex);
        state.config.labels.putAll(pairs);
        commit(state, "LABEL " + joinPairs(pairs));
    }

    private void arg(StageState state, Instruction.Arg arg, ShellLex lex) {
        buildArgs.declare(state, arg, lex);
        commit(state, "ARG " + arg.rest());
    }

    private void expose(StageState state, Instruction.Expose expose, ShellLex lex) {
        List<String> ports = lex.processWords(expose.ports());
        for (String p : ports) {
            state.config.exposedPorts.add(p.contains("/") ? p.toLowerCase(Locale.ROOT) : p + "/tcp");
        }
        commit(state, "EXPOSE " + String.join(" ", ports));
    }

    private void workdir(StageState state, Instruction.Workdir workdir, ShellLex lex) {
        state.config.workingDir = state.config.absolute(lex.processWord(workdir.path()));
        commitAs(state, "#(nop) WORKDIR " + state.config.workingDir);
    }

    private void user(StageState state, Instruction.User user, ShellLex lex) {
        state.config.user = lex.processWord(user.user());
        commit(state, "USER " + state.config.user);
    }

    private void volume(StageState state, Instruction.Volume volume, ShellLex lex) {
        List<String> paths = volume.paths().isJson() ? volume.paths().json() : lex.processWords(volume.paths().text());
        for (String path : paths) {
            if (path.isBlank()) {
                throw new InvalidParameterException("VOLUME specified can not be an empty string");
            }
            state.config.volumes.add(path);
        }
        commit(state, "VOLUME " + "[" + String.join(" ", paths) + "]");
    }

    private void stopSignal(StageState state, Instruction.StopSignal stopSignal, ShellLex lex) {
        state.config.stopSignal = lex.processWord(stopSignal.signal());
        commit(state, "STOPSIGNAL " + state.config.stopSignal);
    }

    private void cmd(StageState state, Instruction.Cmd cmd) {
        state.config.cmd = new ArrayList<>(state.config.command(cmd.command()));
        state.config.argsEscaped = false;
        commit(state, "CMD " + GoFormat.quotedList(state.config.cmd));
    }

    private void entrypoint(StageState state, Instruction.Entrypoint entrypoint) {
        state.config.entrypoint = new ArrayList<>(state.config.command(entrypoint.command()));
        commit(state, "ENTRYPOINT " + GoFormat.quotedList(state.config.entrypoint));
    }

    private void shell(StageState state, Instruction.Shell shell) {
        state.config.shell = new ArrayList<>(shell.shell());
        commit(state, "SHELL [" + String.join(" ", shell.shell()) + "]");
    }

    private void healthcheck(StageState state, Instruction.Healthcheck healthcheck) {
        state.config.healthcheck = healthcheck.check();
        commit(state, "HEALTHCHECK " + Healthchecks.describe(healthcheck.check()));
    }

    private void onbuild(StageState state, Instruction.Onbuild onbuild) {
        state.config.onBuild.add(onbuild.trigger());
        commit(state, "ONBUILD " + onbuild.trigger());
    }

    /** A metadata-only step: a new config on the same layers (cached like any step). */
    private void commit(StageState state, String comment) {
        commitAs(state, "#(nop)  " + comment);
    }

    /** @param nopComment the created_by text after the shell ("#(nop)  ENV A=b"; WORKDIR has one space) */
    private void commitAs(StageState state, String nopComment) {
        String createdBy = String.join(" ", state.config.shellOrDefault()) + " " + nopComment;
        String key = StepCache.key(state, createdBy, "", "");
        if (cache.reuse(state, key)) {
            return;
        }
        // dockerd's output names a container for these steps too; none is needed here, so the name is made up
        String fake = randomId();
        out.stream(" ---> Running in " + fake.substring(0, 12) + "\n");
        state.imageId = layers.changeConfig(state.imageId,
                new ImageLayers.Step(state.config.toImageConfig(), createdBy, "", ""));
        cache.record(key, state.imageId, createdBy);
        out.stream("Removing intermediate container " + fake.substring(0, 12) + "\n");
    }

    /** ENV and LABEL pairs with both sides expanded; a key given twice keeps its first place and last value. */
    private static Map<String, String> expand(List<Instruction.KeyValue> pairs, ShellLex lex) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Instruction.KeyValue pair : pairs) {
            out.put(lex.processWord(pair.key()), lex.processWord(pair.value()));
        }
        return out;
    }

    private static String joinPairs(Map<String, String> pairs) {
        List<String> parts = new ArrayList<>();
        pairs.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(" ", parts);
    }

    private static String randomId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
