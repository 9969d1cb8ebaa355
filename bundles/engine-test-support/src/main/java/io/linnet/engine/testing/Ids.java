package io.linnet.engine.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * 64 hex digit IDs like the engine's: digests of a kind and a counter, so two fakes that make IDs
 * of the same kind of object (images made by the image service and by commits) give different ones.
 */
final class Ids {
    private final String kind;
    private int next;

    Ids(String kind) {
        this.kind = kind;
    }

    String next() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((kind + " " + next++).getBytes());
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
