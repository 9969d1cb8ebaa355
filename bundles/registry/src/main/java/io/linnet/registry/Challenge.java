package io.linnet.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters,
 * e.g. {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="…"}.
 *
 * @param scheme lower case: "basic", "bearer"
 */
record Challenge(String scheme, Map<String, String> parameters) {

    String parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every challenge of every header value; malformed parts are skipped. */
    static List<Challenge> parseAll(List<String> headerValues) {
        List<Challenge> out = new ArrayList<>();
        for (String value : headerValues) {
            out.addAll(parse(value));
        }
        return out;
    }

    /** The challenges of one header value (several may share it, separated by commas). */
    static List<Challenge> parse(String header) {
        List<Challenge> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        int i = 0;
        int n = header.length();
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (i < n) {
            i = skip(header, i, " \t,");
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && isToken(header.charAt(i))) {
                i++;
            }
            if (i == start) {
                i++; // stray character
                continue;
            }
            String token = header.substring(start, i);
            int after = skip(header, i, " \t");
            if (after < n && header.charAt(after) == '=' && scheme != null) {
                // auth-param: name=value or name="quoted"
                i = skip(header, after + 1, " \t");
                String value;
                if (i < n && header.charAt(i) == '"') {
                    StringBuilder b = new StringBuilder();
                    i++;
                    while (i < n && header.charAt(i) != '"') {
                        char c = header.charAt(i);
                        if (c == '\\' && i + 1 < n) {
                            c = header.charAt(++i);
                        }
                        b.append(c);
                        i++;
                    }
                    i++; // closing quote
                    value = b.toString();
                } else {
                    int vs = i;
                    while (i < n && header.charAt(i) != ',' && header.charAt(i) != ' ' && header.charAt(i) != '\t') {
                        i++;
                    }
                    value = header.substring(vs, i);
                }
                params.put(token.toLowerCase(Locale.ROOT), value);
            } else {
                // a new scheme starts
                if (scheme != null) {
                    out.add(new Challenge(scheme, Map.copyOf(params)));
                    params.clear();
                }
                scheme = token.toLowerCase(Locale.ROOT);
                i = after;
            }
        }
        if (scheme != null) {
            out.add(new Challenge(scheme, Map.copyOf(params)));
        }
        return out;
    }

    private static int skip(String s, int i, String chars) {
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static boolean isToken(char c) {
        return c > ' ' && c < 127 && "()<>@,;:\\\"/[]?={} \t".indexOf(c) < 0;
    }
}
