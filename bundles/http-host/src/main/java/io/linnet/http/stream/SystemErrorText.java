package io.linnet.http.stream;

/**
 * Error texts as dockerd words them. The JDK spells the C library's strerror ("No space left on
 * device", "Read-only file system"); dockerd's come from Go's syscall table, in lower case, and
 * clients and scripts match on them (`no space left on device`).
 */
public final class SystemErrorText {

    private static final String[][] GO_SPELLING = {
        {"No space left on device", "no space left on device"},
        {"Disk quota exceeded", "disk quota exceeded"},
        {"Read-only file system", "read-only file system"},
    };

    private SystemErrorText() {
    }

    /** {@code message} with the JDK's strerror texts in Go's spelling; null stays null. */
    public static String asDockerd(String message) {
        if (message == null) {
            return null;
        }
        String out = message;
        for (String[] pair : GO_SPELLING) {
            out = out.replace(pair[0], pair[1]);
        }
        return out;
    }
}
