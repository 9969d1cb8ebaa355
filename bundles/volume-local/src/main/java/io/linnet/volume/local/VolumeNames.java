package io.linnet.volume.local;

import io.linnet.engine.api.InvalidParameterException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Volume names as dockerd's local driver accepts them, and the names it generates. */
final class VolumeNames {
    /** moby's names.RestrictedNamePattern. */
    static final Pattern VALID = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
    static final String RESTRICTED_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]";
    private static final SecureRandom RANDOM = new SecureRandom();

    private VolumeNames() {
    }

    /** True when the local driver would accept the name (so it is one path element, never "." or ".."). */
    /** A volume is a directory of that name: the file system's NAME_MAX (the pattern allows ASCII only). */
    static final int MAX_LENGTH = 255;

    static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /**
     * Refuses a name with dockerd's text (without the "create &lt;name&gt;: " prefix the caller adds).
     *
     * @throws InvalidParameterException for a name the local driver refuses
     */
    static void validate(String name) {
        if (name.length() == 1) {
            throw new InvalidParameterException(
                    "volume name is too short, names should be at least two alphanumeric characters");
        }
        if (isValid(name) && name.length() > MAX_LENGTH) {
            // dockerd lets mkdir fail (a 500, "file name too long"); a name is the client's to fix
            throw new InvalidParameterException("volume name is too long, names can be at most " + MAX_LENGTH
                    + " characters (a directory name)");
        }
        if (!isValid(name)) {
            throw new InvalidParameterException(goQuote(name) + " includes invalid characters for a local volume name, "
                    + "only " + goQuote(RESTRICTED_CHARS) + " are allowed. If you intended to pass a host directory, "
                    + "use absolute path");
        }
    }

    /**
     * The directory of a volume under {@code root}; a name that is not valid, or that would
     * resolve anywhere but directly under the root, is refused (defence in depth: the pattern
     * already excludes separators, "." and "..").
     */
    static Path directory(Path root, String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("not a volume name: " + name);
        }
        Path normalRoot = root.toAbsolutePath().normalize();
        Path dir = normalRoot.resolve(name).normalize();
        if (!dir.startsWith(normalRoot) || dir.equals(normalRoot) || !normalRoot.equals(dir.getParent())) {
            throw new IllegalArgumentException("volume name escapes the volumes root: " + name);
        }
        return dir;
    }

    /** moby's stringid.GenerateRandomID: 64 hex digits whose 12-digit short form is not all digits. */
    static String generate() {
        while (true) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            if (!id.substring(0, 12).chars().allMatch(Character::isDigit)) {
                return id;
            }
        }
    }

    /** Go's %q for the strings we quote (escapes backslash, quote and control characters). */
    static String goQuote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
