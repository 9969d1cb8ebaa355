package io.linnet.containerd.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** sha256 digests as OCI writes them ("sha256:&lt;64 hex&gt;"), and layer chain IDs. */
final class Digests {

    static final Pattern SHA256 = Pattern.compile("^sha256:[a-f0-9]{64}$");
    static final Pattern HEX64 = Pattern.compile("^[a-f0-9]{64}$");

    private Digests() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    static String of(byte[] data) {
        return format(sha256().digest(data));
    }

    static String format(byte[] sha256) {
        return "sha256:" + HexFormat.of().formatHex(sha256);
    }

    static String hex(String digest) {
        int colon = digest.indexOf(':');
        return colon >= 0 ? digest.substring(colon + 1) : digest;
    }

    /** The 12-character form dockerd shows ("sha256:" dropped). */
    static String shortId(String digest) {
        String hex = hex(digest);
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /** OCI chain IDs: chain(0) = diff(0); chain(n) = sha256(chain(n-1) + " " + diff(n)). */
    static List<String> chainIds(List<String> diffIds) {
        String[] chains = new String[diffIds.size()];
        String previous = null;
        for (int i = 0; i < diffIds.size(); i++) {
            String diff = diffIds.get(i);
            previous = previous == null ? diff : of((previous + " " + diff).getBytes(StandardCharsets.UTF_8));
            chains[i] = previous;
        }
        return List.of(chains);
    }
}
