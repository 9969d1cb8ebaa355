package io.linnet.builder.dockerfile;

import java.util.List;
import java.util.Map;

/**
 * One Dockerfile instruction as written (moby's parser.Node): split into keyword, flags and
 * arguments, before its arguments are read and before variables are substituted.
 *
 * @param line     the line it starts on (1-based)
 * @param keyword  upper case ("RUN")
 * @param flags    leading {@code --name=value} flags, in order (a flag without value maps to "")
 * @param rest     the text after keyword and flags, continuations joined
 * @param json     the arguments when given in JSON (exec) form, else null
 * @param original the instruction as written (continuations joined), for step output
 */
public record RawInstruction(int line, String keyword, Map<String, String> flags, String rest, List<String> json,
        String original) {

    public boolean isJson() {
        return json != null;
    }
}
