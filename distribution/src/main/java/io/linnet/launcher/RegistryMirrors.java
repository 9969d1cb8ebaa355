package io.linnet.launcher;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** dockerd's ValidateMirror: http(s) URIs with nothing after the host, kept as "scheme://host[:port]/". */
final class RegistryMirrors {
    private RegistryMirrors() {
    }

    static List<String> validate(List<String> mirrors) {
        List<String> out = new ArrayList<>();
        for (String value : mirrors) {
            URI uri;
            try {
                uri = URI.create(value.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid mirror: \"" + value + "\" is not a valid URI");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("invalid mirror: unsupported scheme \"" + scheme + "\" in \""
                        + value + "\"");
            }
            boolean pathless = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
            if (!pathless || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("invalid mirror: path, query, or fragment at end of the URI \""
                        + value + "\"");
            }
            if (uri.getRawAuthority() == null) {
                throw new IllegalArgumentException("invalid mirror: \"" + value + "\" is not a valid URI");
            }
            out.add(scheme + "://" + uri.getRawAuthority() + "/");
        }
        return List.copyOf(out);
    }
}
