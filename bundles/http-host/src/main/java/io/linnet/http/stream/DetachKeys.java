package io.linnet.http.stream;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/** Docker's detach key notation ({@code ctrl-p,ctrl-q}, single characters) as bytes, as moby's term.ToBytes. */
public final class DetachKeys {
    public static final String DEFAULT = "ctrl-p,ctrl-q";

    private DetachKeys() {
    }

    /** @throws IllegalArgumentException "Unknown character" for a key Docker does not know */
    public static byte[] parse(String keys) {
        String spec = keys == null || keys.isEmpty() ? DEFAULT : keys;
        ByteArrayOutputStream codes = new ByteArrayOutputStream();
        for (String key : spec.split(",", -1)) {
            if (key.length() == 1) {
                codes.write(key.charAt(0));
                continue;
            }
            String lower = key.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("ctrl-") || lower.length() != 6) {
                throw new IllegalArgumentException("Unknown character: '" + key + "'");
            }
            char c = lower.charAt(5);
            if (c >= 'a' && c <= 'z') {
                codes.write(c - 'a' + 1);
            } else if (c == '@') {
                codes.write(0);
            } else if (c >= '[' && c <= '_') {
                codes.write(c - '[' + 27);
            } else {
                throw new IllegalArgumentException("Unknown character: '" + key + "'");
            }
        }
        return codes.toByteArray();
    }
}
