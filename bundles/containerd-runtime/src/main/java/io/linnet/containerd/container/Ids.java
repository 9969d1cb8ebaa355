package io.linnet.containerd.container;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Docker's 64-hex IDs for containers and execs. */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
