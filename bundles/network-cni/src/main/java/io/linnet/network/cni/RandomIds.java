package io.linnet.network.cni;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Network and endpoint IDs: 64 random hex digits, as dockerd's. */
final class RandomIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
