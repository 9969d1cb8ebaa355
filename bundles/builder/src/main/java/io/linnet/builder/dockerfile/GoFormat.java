package io.linnet.builder.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** Go's fmt renderings that dockerd writes into image history (created_by), so ours read the same. */
public final class GoFormat {
    private GoFormat() {
    }

    /** {@code %q} of a {@code []string}: {@code ["sh" "-c"]}. */
    public static String quotedList(List<String> list) {
        List<String> quoted = new ArrayList<>();
        list.forEach(s -> quoted.add("\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        return "[" + String.join(" ", quoted) + "]";
    }
}
