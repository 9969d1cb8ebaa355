package io.linnet.engine.api.image;

/**
 * Where long image operations report progress, in the terms of Docker's JSON-lines messages.
 * The HTTP side turns each call into one line (and flushes), so the docker CLI draws progress.
 */
public interface ProgressSink {
    /** A {@code {"stream": text}} line (text usually ends with a newline). */
    void stream(String text);

    /** A {@code {"status": status, "id": id}} line; id may be null. */
    void status(String id, String status);

    /** A {@code {"status", "id", "progressDetail": {"current", "total"}}} line. */
    void progress(String id, String status, long current, long total);

    /** A {@code {"progressDetail": {}, "aux": value}} line (push's Tag, Digest and Size). */
    default void aux(Object value) {
    }

    /** Ignores everything. */
    ProgressSink NONE = new ProgressSink() {
        @Override
        public void stream(String text) {
        }

        @Override
        public void status(String id, String status) {
        }

        @Override
        public void progress(String id, String status, long current, long total) {
        }
    };
}
