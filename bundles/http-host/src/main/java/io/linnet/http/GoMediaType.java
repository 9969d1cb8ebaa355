package io.linnet.http;

import java.util.Locale;

/**
 * Go's {@code mime.ParseMediaType} as far as dockerd's Content-Type check needs it: the media type
 * (lower case) or the error text Go gives, so refusals read as dockerd's.
 */
final class GoMediaType {
    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    private GoMediaType() {
    }

    /** The parsed type, or an error text starting with "mime: ". */
    record Parsed(String mediaType, String error) {
    }

    static Parsed parse(String value) {
        int semi = value.indexOf(';');
        String base = (semi < 0 ? value : value.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        String error = checkDisposition(base);
        if (error != null) {
            return new Parsed(null, error);
        }
        if (semi >= 0 && !paramsValid(value.substring(semi))) {
            return new Parsed(base, "mime: invalid media parameter");
        }
        return new Parsed(base, null);
    }

    private static String checkDisposition(String s) {
        int t = tokenEnd(s, 0);
        if (t == 0) {
            return "mime: no media type";
        }
        if (t == s.length()) {
            return null;
        }
        if (s.charAt(t) != '/') {
            return "mime: expected slash after first token";
        }
        int sub = tokenEnd(s, t + 1);
        if (sub == t + 1) {
            return "mime: expected token after slash";
        }
        return sub == s.length() ? null : "mime: unexpected content after media subtype";
    }

    /** {@code ;key=value} pairs (value a token or a quoted string); a lone trailing ';' is allowed. */
    private static boolean paramsValid(String rest) {
        int i = 0;
        while (i < rest.length()) {
            i = skipSpace(rest, i);
            if (i == rest.length()) {
                return true;
            }
            if (rest.charAt(i) != ';') {
                return false;
            }
            i = skipSpace(rest, i + 1);
            if (i == rest.length()) {
                return true; // trailing semicolon
            }
            int key = tokenEnd(rest, i);
            if (key == i || key == rest.length() || rest.charAt(key) != '=') {
                return false;
            }
            i = key + 1;
            if (i < rest.length() && rest.charAt(i) == '"') {
                int j = i + 1;
                while (j < rest.length() && rest.charAt(j) != '"') {
                    j += rest.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= rest.length()) {
                    return false;
                }
                i = j + 1;
            } else {
                int value = tokenEnd(rest, i);
                if (value == i) {
                    return false;
                }
                i = value;
            }
        }
        return true;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int tokenEnd(String s, int from) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || TSPECIALS.indexOf(c) >= 0) {
                break;
            }
            i++;
        }
        return i;
    }
}
