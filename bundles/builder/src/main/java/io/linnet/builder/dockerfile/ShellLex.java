package io.linnet.builder.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Docker's word processing for Dockerfile arguments (moby's shell.Lex): quotes are removed
 * (single quotes literal, double quotes with {@code \"}, {@code \$} and the escape character
 * escaped), the escape character escapes outside quotes, and {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-word}}, {@code ${VAR-word}}, {@code ${VAR:+word}}, {@code ${VAR+word}} expand.
 */
public final class ShellLex {

    private final char escape;
    /** A variable's value, or null when it is not set. */
    private final Function<String, String> lookup;

    public ShellLex(char escape, Function<String, String> lookup) {
        this.escape = escape;
        this.lookup = lookup;
    }

    /** The text as one word (whitespace kept). */
    public String processWord(String text) {
        List<String> words = process(text, false);
        return words.isEmpty() ? "" : words.get(0);
    }

    /** The text split into words at unquoted whitespace. */
    public List<String> processWords(String text) {
        return process(text, true);
    }

    private List<String> process(String text, boolean split) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int[] pos = {0};
        while (pos[0] < text.length()) {
            char ch = text.charAt(pos[0]);
            if (split && Character.isWhitespace(ch)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                pos[0]++;
                continue;
            }
            inWord = true;
            if (ch == '\'') {
                int end = text.indexOf('\'', pos[0] + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unexpected end of statement while looking for matching single-quote");
                }
                word.append(text, pos[0] + 1, end);
                pos[0] = end + 1;
            } else if (ch == '"') {
                pos[0]++;
                doubleQuoted(text, pos, word);
            } else if (ch == escape) {
                if (pos[0] + 1 < text.length()) {
                    word.append(text.charAt(pos[0] + 1));
                    pos[0] += 2;
                } else {
                    word.append(ch);
                    pos[0]++;
                }
            } else if (ch == '$') {
                word.append(variable(text, pos));
            } else {
                word.append(ch);
                pos[0]++;
            }
        }
        if (inWord || !split) {
            out.add(word.toString());
        }
        return out;
    }

    private void doubleQuoted(String text, int[] pos, StringBuilder word) {
        while (true) {
            if (pos[0] >= text.length()) {
                throw new IllegalArgumentException("unexpected end of statement while looking for matching double-quote");
            }
            char ch = text.charAt(pos[0]);
            if (ch == '"') {
                pos[0]++;
                return;
            }
            if (ch == '$') {
                word.append(variable(text, pos));
            } else if (ch == escape && pos[0] + 1 < text.length()
                    && (text.charAt(pos[0] + 1) == '"' || text.charAt(pos[0] + 1) == '$'
                        || text.charAt(pos[0] + 1) == escape)) {
                word.append(text.charAt(pos[0] + 1));
                pos[0] += 2;
            } else {
                word.append(ch);
                pos[0]++;
            }
        }
    }

    /** At a '$': the expansion; pos moves past the reference. */
    private String variable(String text, int[] pos) {
        int i = pos[0] + 1;
        if (i >= text.length()) {
            pos[0] = i;
            return "$";
        }
        char ch = text.charAt(i);
        if (ch == '{') {
            int nameStart = i + 1;
            int j = nameStart;
            while (j < text.length() && isNameChar(text.charAt(j))) {
                j++;
            }
            String name = text.substring(nameStart, j);
            if (j >= text.length()) {
                throw new IllegalArgumentException("missing '}' in " + text);
            }
            char next = text.charAt(j);
            if (next == '}') {
                pos[0] = j + 1;
                return orEmpty(lookup.apply(name));
            }
            boolean colon = next == ':';
            int op = colon ? j + 1 : j;
            if (op >= text.length()) {
                throw new IllegalArgumentException("missing '}' in " + text);
            }
            char modifier = text.charAt(op);
            if (modifier != '-' && modifier != '+') {
                throw new IllegalArgumentException("unsupported modifier (" + modifier + ") in substitution");
            }
            int close = matchingBrace(text, op + 1);
            String wordText = text.substring(op + 1, close);
            pos[0] = close + 1;
            String value = lookup.apply(name);
            boolean set = value != null && (!colon || !value.isEmpty());
            if (modifier == '-') {
                return set ? value : processWord(wordText);
            }
            return set ? processWord(wordText) : "";
        }
        if (isNameChar(ch) && !Character.isDigit(ch)) {
            int j = i;
            while (j < text.length() && isNameChar(text.charAt(j))) {
                j++;
            }
            pos[0] = j;
            return orEmpty(lookup.apply(text.substring(i, j)));
        }
        pos[0] = i;
        return "$";
    }

    private static int matchingBrace(String text, int from) {
        int depth = 0;
        for (int k = from; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return k;
                }
                depth--;
            }
        }
        throw new IllegalArgumentException("missing '}' in " + text);
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /**
     * Words of a {@code KEY=VALUE ...} list with quotes kept (each word is processed later), split
     * at whitespace outside quotes; the escape character keeps the next character in the word.
     */
    public static List<String> rawWords(String text, char escape) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(ch)) {
                if (word.length() > 0) {
                    out.add(word.toString());
                    word.setLength(0);
                }
                continue;
            }
            word.append(ch);
            if (ch == escape && quote != '\'' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
            } else if (quote == 0 && (ch == '"' || ch == '\'')) {
                quote = ch;
            } else if (ch == quote) {
                quote = 0;
            }
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }
}
