package io.linnet.http.stream;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes a TTY session's keystrokes to the process until the detach sequence comes (moby's escape
 * proxy): bytes that may start the sequence are held back until it is clear they do not; once it
 * is complete {@code onDetach} runs and nothing more reaches the process. Closing never closes the
 * target: a terminal's input stays open when the client goes (dockerd closes stdin only without a TTY).
 */
public final class DetachingStream extends OutputStream {
    private final OutputStream target;
    private final byte[] keys;
    private final Runnable onDetach;
    private int matched;
    private boolean detached;

    public DetachingStream(OutputStream target, byte[] keys, Runnable onDetach) {
        this.target = target;
        this.keys = keys.clone();
        this.onDetach = onDetach;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (detached || keys.length == 0) {
            if (!detached) {
                target.write(b, off, len);
            }
            return;
        }
        int passFrom = off; // start of the bytes that go through unchanged
        for (int i = off; i < off + len; i++) {
            if (b[i] != keys[matched] && matched > 0) {
                target.write(keys, 0, matched); // held back for nothing
                matched = 0;
                passFrom = i;
            }
            if (b[i] == keys[matched]) {
                if (matched == 0) {
                    target.write(b, passFrom, i - passFrom);
                }
                matched++;
                passFrom = i + 1;
                if (matched == keys.length) {
                    detached = true;
                    target.flush();
                    onDetach.run();
                    return;
                }
            }
        }
        if (matched == 0) {
            target.write(b, passFrom, off + len - passFrom);
        }
        target.flush();
    }

    @Override
    public synchronized void flush() throws IOException {
        if (!detached) {
            target.flush();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (!detached) {
            target.flush();
        }
    }
}
