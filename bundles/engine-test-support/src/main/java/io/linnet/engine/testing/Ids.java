package io.linnet.engine.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** 64 hex digit IDs like the engine's, distinct in their first characters so prefixes resolve. */
final class Ids {
    private int next;

    String next() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("fake " + next++).getBytes());
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
