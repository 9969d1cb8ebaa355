package io.linnet.containerd.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The distribution's name and version from os-release(5). */
public record OsRelease(String prettyName, String versionId) {

    private static final List<Path> LOCATIONS = List.of(Path.of("/etc/os-release"), Path.of("/usr/lib/os-release"));

    public static OsRelease read() {
        for (Path location : LOCATIONS) {
            try {
                return parse(Files.readString(location));
            } catch (IOException e) {
                // try the next location
            }
        }
        return new OsRelease("Linux", "");
    }

    /** Parses KEY=value lines; values may be double or single quoted with backslash escapes. */
    public static OsRelease parse(String content) {
        Map<String, String> values = new HashMap<>();
        for (String line : content.split("\n")) {
            String trimmed = line.strip();
            int equals = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || equals <= 0) {
                continue;
            }
            values.put(trimmed.substring(0, equals), unquote(trimmed.substring(equals + 1)));
        }
        String name = values.getOrDefault("NAME", "Linux");
        return new OsRelease(values.getOrDefault("PRETTY_NAME", name), values.getOrDefault("VERSION_ID", ""));
    }

    static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            value = value.substring(1, value.length() - 1);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }
}
