package io.linnet.builder;

import io.linnet.builder.dockerfile.ShellLex;

import java.util.LinkedHashMap;
import java.util.Map;

/** The state of the stage being built: its image so far, its config, and the ARGs it declared. */
final class StageState {
    /** The image the steps so far made; "" while a stage FROM scratch has no layer. */
    String imageId = "";
    RunConfig config = new RunConfig();
    /** ARGs declared in this stage, with their values (null: declared without value). */
    final Map<String, String> args = new LinkedHashMap<>();

    /** Word expansion for the next step: the stage's environment first, then its ARGs. */
    ShellLex lex(char escape) {
        return new ShellLex(escape, name -> {
            String env = config.env(name);
            return env != null ? env : args.get(name);
        });
    }
}
