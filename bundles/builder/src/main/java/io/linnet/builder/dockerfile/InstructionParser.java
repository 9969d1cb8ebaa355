package io.linnet.builder.dockerfile;

import io.linnet.builder.dockerfile.Instruction.ArgDeclaration;
import io.linnet.builder.dockerfile.Instruction.Arguments;
import io.linnet.builder.dockerfile.Instruction.KeyValue;
import io.linnet.engine.api.InvalidParameterException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an instruction's arguments into its typed form (moby's instructions.ParseInstruction).
 * Errors are kept with the instruction ({@link Instruction.Invalid}) and raised when the build
 * reaches it, with dockerd's wording.
 */
public final class InstructionParser {
    private static final Set<String> COPY_FLAGS = Set.of("from", "chown", "chmod");

    private InstructionParser() {
    }

    public static Instruction parse(RawInstruction raw, char escape) {
        try {
            return typed(raw, escape);
        } catch (IllegalArgumentException e) {
            return new Instruction.Invalid(raw, new DockerfileParseException(raw.line(), e.getMessage()));
        } catch (InvalidParameterException e) {
            return new Instruction.Invalid(raw, e);
        }
    }

    private static Instruction typed(RawInstruction raw, char escape) {
        Arguments arguments = new Arguments(raw.json(), raw.rest());
        return switch (raw.keyword()) {
            case "FROM" -> from(raw, escape);
            case "RUN" -> new Instruction.Run(raw, arguments);
            case "COPY", "ADD" -> copy(raw, arguments);
            case "ENV" -> new Instruction.Env(raw, pairs(raw, escape));
            case "LABEL" -> new Instruction.Label(raw, pairs(raw, escape));
            case "ARG" -> new Instruction.Arg(raw, argDeclarations(raw, escape));
            case "CMD" -> new Instruction.Cmd(raw, arguments);
            case "ENTRYPOINT" -> new Instruction.Entrypoint(raw, arguments);
            case "WORKDIR" -> new Instruction.Workdir(raw, required(raw));
            case "USER" -> new Instruction.User(raw, required(raw));
            case "EXPOSE" -> new Instruction.Expose(raw, raw.rest());
            case "VOLUME" -> new Instruction.Volume(raw, arguments);
            case "STOPSIGNAL" -> new Instruction.StopSignal(raw, required(raw));
            case "SHELL" -> shell(raw);
            case "HEALTHCHECK" -> new Instruction.Healthcheck(raw, Healthchecks.parse(raw));
            case "ONBUILD" -> onbuild(raw);
            case "MAINTAINER" -> new Instruction.Maintainer(raw, raw.rest());
            default -> throw new DockerfileParseException(raw.line(), "unknown instruction: " + raw.keyword());
        };
    }

    private static Instruction.From from(RawInstruction raw, char escape) {
        // the stage split has always read the words with the default escape character
        List<String> words = ShellLex.rawWords(raw.rest(), '\\');
        String stageName = null;
        if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) {
            stageName = words.get(2).toLowerCase(Locale.ROOT);
        } else if (words.size() != 1) {
            throw new DockerfileParseException(raw.line(), "FROM requires either one or three arguments");
        }
        return new Instruction.From(raw, ShellLex.rawWords(raw.rest(), escape).get(0), stageName);
    }

    private static Instruction.Copy copy(RawInstruction raw, Arguments paths) {
        for (String flag : raw.flags().keySet()) {
            if (!COPY_FLAGS.contains(flag)) {
                throw new InvalidParameterException("Unknown flag: " + flag);
            }
        }
        return new Instruction.Copy(raw, paths, raw.flags().get("from"), raw.flags().get("chown"),
                chmod(raw.flags().get("chmod")));
    }

    /** "--chmod=755" (octal), -1 when absent. */
    private static int chmod(String text) {
        if (text == null || text.isEmpty()) {
            return -1;
        }
        try {
            int mode = Integer.parseInt(text, 8);
            if (mode > 07777) {
                throw new NumberFormatException();
            }
            return mode;
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("invalid chmod parameter: " + text
                    + ". it should be octal string and between 0 and 07777");
        }
    }

    /** KEY=VALUE pairs (or the legacy "KEY value" form) of ENV and LABEL. */
    private static List<KeyValue> pairs(RawInstruction raw, char escape) {
        List<String> words = ShellLex.rawWords(raw.rest(), escape);
        if (words.isEmpty()) {
            throw new DockerfileParseException(raw.line(), raw.keyword() + " requires at least one argument");
        }
        String first = words.get(0);
        if (!first.contains("=")) {
            if (words.size() < 2) {
                throw new DockerfileParseException(raw.line(), raw.keyword() + " must have two arguments");
            }
            String value = raw.rest().substring(raw.rest().indexOf(first) + first.length()).strip();
            return List.of(new KeyValue(first, value));
        }
        List<KeyValue> pairs = new ArrayList<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new DockerfileParseException(raw.line(), "Syntax error - can't find = in \"" + w
                        + "\". Must be of the form: name=value");
            }
            pairs.add(new KeyValue(w.substring(0, eq), w.substring(eq + 1)));
        }
        return List.copyOf(pairs);
    }

    /** ARG name[=default] ... */
    private static List<ArgDeclaration> argDeclarations(RawInstruction raw, char escape) {
        List<String> words = ShellLex.rawWords(raw.rest(), escape);
        if (words.isEmpty()) {
            throw new DockerfileParseException(raw.line(), "ARG requires exactly one argument");
        }
        List<ArgDeclaration> declarations = new ArrayList<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq == 0) {
                throw new DockerfileParseException(raw.line(), "ARG names can not be blank");
            }
            declarations.add(eq < 0 ? new ArgDeclaration(w, null)
                    : new ArgDeclaration(w.substring(0, eq), w.substring(eq + 1)));
        }
        return List.copyOf(declarations);
    }

    private static Instruction.Shell shell(RawInstruction raw) {
        if (!raw.isJson() || raw.json().isEmpty()) {
            throw new InvalidParameterException("SHELL requires the arguments to be in JSON form");
        }
        return new Instruction.Shell(raw, raw.json());
    }

    private static Instruction.Onbuild onbuild(RawInstruction raw) {
        String trigger = required(raw);
        String keyword = trigger.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (keyword.equals("ONBUILD") || keyword.equals("FROM") || keyword.equals("MAINTAINER")) {
            throw new InvalidParameterException(keyword + " isn't allowed as an ONBUILD trigger");
        }
        return new Instruction.Onbuild(raw, trigger);
    }

    private static String required(RawInstruction raw) {
        if (raw.rest().isEmpty()) {
            throw new DockerfileParseException(raw.line(), raw.keyword() + " requires exactly one argument");
        }
        return raw.rest();
    }
}
