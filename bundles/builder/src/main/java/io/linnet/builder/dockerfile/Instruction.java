package io.linnet.builder.dockerfile;

import io.linnet.engine.api.image.ImageConfig;

import java.util.List;
import java.util.Map;

/**
 * One Dockerfile instruction with its arguments read (moby's instructions package): what does not
 * depend on the build is parsed here; words that may hold variables stay as written, for the
 * build to expand with the build args and environment in effect at that step.
 */
public sealed interface Instruction {

    /** The instruction as written. */
    RawInstruction source();

    // The written form's parts: step output, error lines and some created_by texts quote them.

    default int line() {
        return source().line();
    }

    default String keyword() {
        return source().keyword();
    }

    default String original() {
        return source().original();
    }

    default Map<String, String> flags() {
        return source().flags();
    }

    default String rest() {
        return source().rest();
    }

    default List<String> json() {
        return source().json();
    }

    default boolean isJson() {
        return source().isJson();
    }

    /** This instruction, or its parse error thrown ({@link Invalid}). */
    default Instruction valid() {
        return this;
    }

    /** Arguments in JSON (exec) form as given, or else the shell-form text as written. */
    record Arguments(List<String> json, String text) {
        public boolean isJson() {
            return json != null;
        }
    }

    /** A {@code KEY=VALUE} of ENV or LABEL, both sides as written. */
    record KeyValue(String key, String value) {
    }

    /** A name of ARG and its default as written (null: declared without one). */
    record ArgDeclaration(String name, String defaultValue) {
    }

    /**
     * An instruction whose arguments do not parse. The build reports the error when it reaches the
     * instruction, after the steps before it ran, as it did before instructions were typed.
     */
    record Invalid(RawInstruction source, RuntimeException error) implements Instruction {
        @Override
        public Instruction valid() {
            throw error;
        }
    }

    /** FROM image [AS name]; the stage name in lower case, null without one. */
    record From(RawInstruction source, String image, String stageName) implements Instruction {
    }

    record Run(RawInstruction source, Arguments command) implements Instruction {
    }

    /**
     * COPY or ADD (the keyword tells which).
     *
     * @param from  --from (a stage or an image, as written), null without it
     * @param chown --chown as written, null without it
     * @param chmod --chmod, or -1 to keep the sources' modes
     */
    record Copy(RawInstruction source, Arguments paths, String from, String chown, int chmod) implements Instruction {
        public boolean isAdd() {
            return keyword().equals("ADD");
        }
    }

    record Env(RawInstruction source, List<KeyValue> pairs) implements Instruction {
    }

    record Label(RawInstruction source, List<KeyValue> pairs) implements Instruction {
    }

    record Arg(RawInstruction source, List<ArgDeclaration> declarations) implements Instruction {
    }

    record Cmd(RawInstruction source, Arguments command) implements Instruction {
    }

    record Entrypoint(RawInstruction source, Arguments command) implements Instruction {
    }

    record Workdir(RawInstruction source, String path) implements Instruction {
    }

    record User(RawInstruction source, String user) implements Instruction {
    }

    /** EXPOSE: the ports as written (they may hold variables). */
    record Expose(RawInstruction source, String ports) implements Instruction {
    }

    /** VOLUME: JSON paths are taken as given, shell-form words are expanded. */
    record Volume(RawInstruction source, Arguments paths) implements Instruction {
    }

    record StopSignal(RawInstruction source, String signal) implements Instruction {
    }

    record Shell(RawInstruction source, List<String> shell) implements Instruction {
    }

    record Healthcheck(RawInstruction source, ImageConfig.Healthcheck check) implements Instruction {
    }

    /** ONBUILD: the trigger as written, run when a build starts FROM the image. */
    record Onbuild(RawInstruction source, String trigger) implements Instruction {
    }

    record Maintainer(RawInstruction source, String name) implements Instruction {
    }
}
