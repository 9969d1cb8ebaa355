package io.linnet.http.stream;

/**
 * The streams of Docker's stdio framing (moby's stdcopy), by the id that starts each frame header.
 * {@link #SYSTEMERR} carries errors of the daemon itself during an attach or exec session.
 */
public enum StdStream {
    STDIN(0), STDOUT(1), STDERR(2), SYSTEMERR(3);

    private final int id;

    StdStream(int id) {
        this.id = id;
    }

    /** The byte that starts a frame of this stream. */
    public int id() {
        return id;
    }

    /** The stream with this frame id; an unknown id is an {@link IllegalArgumentException}. */
    public static StdStream of(int id) {
        return switch (id) {
            case 0 -> STDIN;
            case 1 -> STDOUT;
            case 2 -> STDERR;
            case 3 -> SYSTEMERR;
            default -> throw new IllegalArgumentException("unknown stream id " + id);
        };
    }
}
