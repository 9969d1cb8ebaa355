package io.linnet.builder.dockerfile;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's Dockerfile syntax (classic builder, no heredocs): parser directives ({@code escape};
 * {@code syntax} is read and ignored), comments, line continuations with the escape character,
 * flags, and JSON (exec) versus shell form.
 */
public final class DockerfileParser {

    public static final Set<String> INSTRUCTIONS = Set.of("FROM", "RUN", "CMD", "ENTRYPOINT", "ENV", "ARG", "LABEL",
            "EXPOSE", "WORKDIR", "USER", "VOLUME", "STOPSIGNAL", "HEALTHCHECK", "SHELL", "ONBUILD", "COPY", "ADD",
            "MAINTAINER");
    private static final Set<String> JSON_FORMS = Set.of("RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME");
    private static final Set<String> WITH_FLAGS = Set.of("FROM", "RUN", "COPY", "ADD", "HEALTHCHECK");
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
    private static final ObjectMapper JSON = io.linnet.api.model.json.DockerJson.newMapper();

    /** What a parse gives: the escape character and the typed instructions in order. */
    public record Result(char escape, List<Instruction> instructions) {
    }

    private DockerfileParser() {
    }

    public static Result parse(String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        char escape = '\\';
        int i = 0;
        // Parser directives: only at the very top, before any comment, blank line or instruction.
        Set<String> seen = new java.util.HashSet<>();
        for (; i < lines.length; i++) {
            Matcher m = DIRECTIVE.matcher(lines[i].strip());
            if (!m.matches()) {
                break;
            }
            String name = m.group(1).toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                throw new DockerfileParseException(i + 1, "only one " + name + " parser directive can be used");
            }
            if (name.equals("escape")) {
                String value = m.group(2);
                if (!value.equals("\\") && !value.equals("`")) {
                    throw new DockerfileParseException(i + 1, "invalid ESCAPE '" + value
                            + "'. Must be ` or \\");
                }
                escape = value.charAt(0);
            }
        }
        List<Instruction> out = new ArrayList<>();
        while (i < lines.length) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                i++;
                continue;
            }
            int start = i + 1;
            StringBuilder joined = new StringBuilder();
            String current = stripLeading(line);
            while (true) {
                String body = stripTrailing(current);
                if (!body.isEmpty() && body.charAt(body.length() - 1) == escape && !escapedEscape(body, escape)) {
                    joined.append(body, 0, body.length() - 1);
                    i++;
                    // comment and empty lines inside a continuation are skipped
                    while (i < lines.length && (lines[i].strip().startsWith("#") || lines[i].isBlank())) {
                        i++;
                    }
                    if (i >= lines.length) {
                        break;
                    }
                    current = lines[i];
                } else {
                    joined.append(current);
                    i++;
                    break;
                }
            }
            out.add(InstructionParser.parse(instruction(start, joined.toString().strip(), escape), escape));
        }
        return new Result(escape, List.copyOf(out));
    }

    private static boolean escapedEscape(String body, char escape) {
        // "\\" at the end of a line is a literal backslash only in JSON strings; Docker treats any
        // trailing escape as a continuation, as we do.
        return false;
    }

    private static String stripLeading(String s) {
        return s.stripLeading();
    }

    private static String stripTrailing(String s) {
        return s.stripTrailing();
    }

    static RawInstruction instruction(int line, String text, char escape) {
        int space = indexOfWhitespace(text, 0);
        String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : text.substring(space).strip();
        if (!INSTRUCTIONS.contains(keyword)) {
            throw new DockerfileParseException(line, "unknown instruction: " + keyword);
        }
        Map<String, String> flags = new LinkedHashMap<>();
        if (WITH_FLAGS.contains(keyword)) {
            while (rest.startsWith("--")) {
                int end = indexOfWhitespace(rest, 0);
                String flag = end < 0 ? rest : rest.substring(0, end);
                rest = end < 0 ? "" : rest.substring(end).strip();
                int eq = flag.indexOf('=');
                if (flag.equals("--")) {
                    break;
                }
                flags.put(eq < 0 ? flag.substring(2) : flag.substring(2, eq), eq < 0 ? "" : flag.substring(eq + 1));
            }
        }
        List<String> json = null;
        if (JSON_FORMS.contains(keyword) && rest.startsWith("[")) {
            json = jsonArray(rest);
        }
        return new RawInstruction(line, keyword, Map.copyOf(flags), rest, json, text);
    }

    /** A JSON array of strings, or null when the text is not one (then it is shell form). */
    static List<String> jsonArray(String text) {
        return io.linnet.api.model.json.DockerJson.stringArray(text);
    }

    static int indexOfWhitespace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
