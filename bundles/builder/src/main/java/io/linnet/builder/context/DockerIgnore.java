package io.linnet.builder.context;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Docker's .dockerignore matcher (moby/patternmatcher): patterns are cleaned and made relative,
 * {@code *} and {@code ?} stay within a path element, {@code **} spans elements, {@code [..]}
 * classes and the escape {@code \} work; a pattern that matches a directory excludes all below
 * it; the last matching pattern decides and {@code !} patterns re-include.
 */
public final class DockerIgnore {

    private record Rule(Pattern regex, int dirs, boolean exclusion) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exclusion = false;
            if (line.startsWith("!")) {
                exclusion = true;
                line = line.substring(1).strip();
                if (line.isEmpty()) {
                    throw new IllegalArgumentException("illegal exclusion pattern: \"!\"");
                }
            }
            String pattern = clean(line);
            if (pattern.length() > 1 && pattern.startsWith("/")) {
                pattern = pattern.substring(1);
            }
            rules.add(new Rule(Pattern.compile(regex(pattern)), pattern.split("/").length, exclusion));
        }
        return new DockerIgnore(List.copyOf(rules));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether the context path (relative, '/'-separated) is excluded. */
    public boolean excludes(String path) {
        String file = clean(path);
        if (file.startsWith("/")) {
            file = file.substring(1);
        }
        String[] parts = file.split("/");
        boolean matched = false;
        for (Rule rule : rules) {
            boolean match = rule.regex.matcher(file).matches();
            if (!match && parts.length > 1) {
                // a pattern matching a parent directory matches what is below it
                for (int n = 1; n < parts.length && !match; n++) {
                    match = rule.regex.matcher(String.join("/", java.util.Arrays.copyOf(parts, n))).matches();
                }
            }
            if (match) {
                matched = !rule.exclusion;
            }
        }
        return matched;
    }

    /** Go's filepath.Clean for '/'-separated paths. */
    public static String cleanPath(String path) {
        return clean(path);
    }

    static String clean(String path) {
        boolean rooted = path.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                    out.remove(out.size() - 1);
                } else if (!rooted) {
                    out.add("..");
                }
                continue;
            }
            out.add(part);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** The pattern as a regular expression, as patternmatcher compiles it. */
    static String regex(String pattern) {
        StringBuilder re = new StringBuilder("^");
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char ch = pattern.charAt(i);
            if (ch == '*') {
                if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                    i++; // "**"
                    // "**/" also matches no directory at all
                    if (i + 1 < n && pattern.charAt(i + 1) == '/') {
                        i++;
                        re.append("(.*/)?");
                    } else {
                        re.append(".*");
                    }
                } else {
                    re.append("[^/]*");
                }
            } else if (ch == '?') {
                re.append("[^/]");
            } else if (ch == '[') {
                int end = pattern.indexOf(']', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("syntax error in pattern: " + pattern);
                }
                String cls = pattern.substring(i + 1, end);
                if (cls.startsWith("!")) {
                    cls = "^" + cls.substring(1);
                }
                re.append('[').append(cls.replace("\\", "\\\\")).append(']');
                i = end;
            } else if (ch == '\\') {
                if (i + 1 < n) {
                    re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                } else {
                    re.append("\\\\");
                }
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return re.append('$').toString();
    }
}
